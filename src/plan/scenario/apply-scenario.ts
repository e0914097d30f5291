/**
 * @module plan/scenario/apply-scenario
 * A scenario applied to a demand: the demand as the scenario sees it (supply, prices, site and budget fields
 * replaced), the catalog with its derated chips, and the changes in words — for the plan's `scenarios[].changes`
 * and every report that compares scenarios.
 */
import type { Catalog } from '../../catalog/index.js';
import type { Demand, Scenario } from '../demand/demand.js';
import { deratedCatalog } from './derated-catalog.js';

export interface ScenarioVariant {
  readonly demand: Demand;
  readonly catalog: Catalog;
  /** What the scenario changed, one sentence each, in the order of the file's fields. */
  readonly changes: readonly string[];
}

const fmt = (x: number) => Number(x.toPrecision(6)).toLocaleString('en-US');
const perQuarter = (v: readonly number[], unit: string) =>
  v.every((x) => x === v[0])
    ? `${fmt(v[0])} ${unit} per quarter`
    : `${v.map(fmt).join(' / ')} ${unit} (quarter by quarter)`;

export function applyScenario(demand: Demand, catalog: Catalog, s: Scenario): ScenarioVariant {
  const changes: string[] = [];
  for (const [id, supply] of Object.entries(s.supply))
    changes.push(`supply of ${id} set to ${perQuarter(supply, 'devices')}`);
  for (const [id, price] of Object.entries(s.priceUsd))
    changes.push(`price of ${id} set to ${fmt(price)} USD per device`);
  for (const [id, share] of Object.entries(s.efficiency)) {
    changes.push(
      `${id} delivers ${fmt(share)} × the throughput the model gives it (compute and memory bandwidth, ` +
        'inference and training)',
    );
  }
  const site = Object.entries(s.site).filter(([, v]) => v !== undefined);
  for (const [field, v] of site) changes.push(`site.${field} set to ${fmt(v as number)}`);
  if (s.budget.totalUsd !== undefined) changes.push(`budget.totalUsd set to ${fmt(s.budget.totalUsd)} USD`);
  if (s.budget.perQuarterUsd !== undefined)
    changes.push(`budget.perQuarterUsd set to ${perQuarter(s.budget.perQuarterUsd, 'USD')}`);
  return {
    demand: {
      ...demand,
      site: { ...demand.site, ...Object.fromEntries(site) },
      budget: { ...demand.budget, ...s.budget },
      chips: demand.chips.map((c) => {
        const supply = s.supply[c.accelerator];
        const price = s.priceUsd[c.accelerator];
        return {
          ...c,
          ...(supply !== undefined ? { supplyDevices: supply } : {}),
          ...(price !== undefined ? { priceUsd: price, priceFrom: 'file' as const } : {}),
        };
      }),
      scenarios: [],
    },
    catalog: deratedCatalog(catalog, s.efficiency),
    changes,
  };
}
