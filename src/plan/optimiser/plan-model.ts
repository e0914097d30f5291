/**
 * @module plan/optimiser/plan-model
 * The coefficients of the planning programme, one set per chip and demand line, all visible in the result so
 * anyone can check the optimum: capital per node (devices × price + node overhead), facility kW and energy USD per
 * quarter per node, and what one node serves of each demand line per quarter. Built from a demand and the catalog
 * by {@link planModel}; tests build it by hand.
 *
 * Power at the modelled utilisation u (`site.powerUtilisation`, default 1): device W = idle + (TDP − idle) × u — the
 * simulator's device power model with u as the allocated share; idle is the catalog's idleW, else its idle
 * fraction of TDP. Facility kW = (devices × device W + node overhead W) × PUE / 1000; energy per quarter =
 * facility kW × 2190 h × USD/kWh.
 */
import { getAccelerator, type Catalog } from '../../catalog/index.js';
import { ErrorCode, InputError } from '../../errors/index.js';
import { demandLines, lineDemand, type Demand, type DemandLine } from '../demand/demand.js';
import { HOURS_PER_QUARTER } from '../demand/demand-schema.js';

/** One chip of the programme: offered for purchase, owned already, or both. */
export interface PlanChip {
  readonly accelerator: string;
  readonly devicesPerNode: number;
  /** USD per node bought; null when no price is known (the chip is then not bought). */
  readonly capitalUsd: number | null;
  readonly energyUsdPerQuarter: number;
  readonly facilityKw: number;
  /** Demand line name → what one node serves of it per quarter, in the line's unit (0 or absent: nothing). */
  readonly capacity: Readonly<Record<string, number>>;
  /** Nodes owned from quarter 0, free of capital. */
  readonly existingNodes: number;
  /** Whether the plan may buy it (offered in `chips`). */
  readonly buyable: boolean;
  /** Devices that can be bought per quarter; undefined = no limit. */
  readonly supplyDevices?: readonly number[];
  /** Where in the demand file to add a missing price (`chips[1].priceUsd`). */
  readonly priceField?: string;
}

export interface PlanLine {
  readonly name: string;
  readonly unit: 'reference device-hours' | 'requests/s';
  /** Demand per quarter, in `unit`. */
  readonly demand: readonly number[];
}

export interface PlanModel {
  readonly quarters: number;
  readonly chips: readonly PlanChip[];
  readonly lines: readonly PlanLine[];
  readonly budget: { readonly totalUsd?: number; readonly perQuarterUsd?: readonly number[] };
  /** Facility power cap, MW; undefined = none. */
  readonly powerCapMW?: number;
  /** The file the demand came from, for messages. */
  readonly file?: string;
}

/** What one node of `chip` serves of `line` per quarter, in the line's unit (0: it cannot serve it). */
export type CapacityOf = (chip: { accelerator: string; devicesPerNode: number }, line: DemandLine) => number;

/** The programme's coefficients for `demand`: offered chips first (file order), then existing pools not offered. */
export function planModel(demand: Demand, catalog: Catalog, capacityOf: CapacityOf): PlanModel {
  const lines = demandLines(demand);
  const { pue, electricityUsdPerKWh, powerUtilisation } = demand.site;
  const perNode = (accelerator: string, devicesPerNode: number, overheadW: number, field: string) => {
    const a = getAccelerator(catalog, accelerator, { file: demand.file, field });
    if (a.tdpW === null) {
      throw new InputError(ErrorCode.InvalidField, {
        file: demand.file,
        field,
        message: `${a.id} has no TDP (tdpW) in the catalog, and the plan needs its power`,
        expected: 'tdpW set for it in a catalog file (--catalog FILE), or another accelerator',
      });
    }
    const idleW = a.idleW ?? a.tdpW * catalog.idleFractionOfTdp;
    const deviceW = idleW + (a.tdpW - idleW) * powerUtilisation;
    const facilityKw = ((devicesPerNode * deviceW + overheadW) * pue) / 1000;
    const capacity: Record<string, number> = {};
    for (const line of lines) capacity[line.name] = capacityOf({ accelerator, devicesPerNode }, line);
    return {
      facilityKw,
      energyUsdPerQuarter: facilityKw * HOURS_PER_QUARTER * electricityUsdPerKWh,
      capacity,
    };
  };
  const chips: PlanChip[] = [];
  const remaining = [...demand.existing];
  demand.chips.forEach((c, i) => {
    const owned = remaining.filter(
      (p) =>
        p.accelerator === c.accelerator &&
        p.devicesPerNode === c.devicesPerNode &&
        p.nodePowerOverheadW === c.nodePowerOverheadW,
    );
    for (const p of owned) remaining.splice(remaining.indexOf(p), 1);
    chips.push({
      accelerator: c.accelerator,
      devicesPerNode: c.devicesPerNode,
      capitalUsd: c.priceUsd === null ? null : c.devicesPerNode * c.priceUsd + c.nodeOverheadUsd,
      ...perNode(c.accelerator, c.devicesPerNode, c.nodePowerOverheadW, `chips[${i}].accelerator`),
      existingNodes: owned.reduce((n, p) => n + p.nodes, 0),
      buyable: true,
      ...(c.supplyDevices !== undefined ? { supplyDevices: c.supplyDevices } : {}),
      priceField: `chips[${i}].priceUsd`,
    });
  });
  for (const p of remaining) {
    chips.push({
      accelerator: p.accelerator,
      devicesPerNode: p.devicesPerNode,
      capitalUsd: null,
      ...perNode(p.accelerator, p.devicesPerNode, p.nodePowerOverheadW, `existing pool ${p.pool}`),
      existingNodes: p.nodes,
      buyable: false,
    });
  }
  return {
    quarters: demand.quarters,
    chips,
    lines: lines.map((l) => ({
      name: l.name,
      unit: l.type === 'training' ? 'reference device-hours' : 'requests/s',
      demand: lineDemand(l),
    })),
    budget: demand.budget,
    ...(demand.site.powerCapMW !== undefined ? { powerCapMW: demand.site.powerCapMW } : {}),
    ...(demand.file !== undefined ? { file: demand.file } : {}),
  };
}
