/**
 * @module fleet/fleet-summary
 * Totals of a fleet for `hyperfleet fleet check`: pools, nodes, devices per accelerator, purchase cost and power.
 * Figures the fleet file does not give come from the catalog; when neither has one the total is `null` (unknown),
 * never a guess, and the pools responsible are named.
 */
import type { CatalogLookup } from './catalog-lookup.js';
import { rentUsdPerNodeHour, type Fleet } from './fleet-schema.js';

export interface AcceleratorTotals {
  readonly accelerator: string;
  readonly pools: number;
  readonly nodes: number;
  readonly devices: number;
  /** Σ devices × TDP, W; null when the catalog has no TDP for the model. */
  readonly tdpW: number | null;
}

export interface FleetSummary {
  readonly pools: number;
  readonly nodes: number;
  readonly devices: number;
  readonly perAccelerator: readonly AcceleratorTotals[];
  /** Purchase cost of the owned pools, USD; null when a device price is known neither to the file nor the catalog. */
  readonly capexUsd: number | null;
  /** Owned pools whose device price is unknown. */
  readonly unpricedPools: readonly string[];
  /** Amortised capital of the owned pools plus rent of the rented pools, USD per hour; null as capexUsd. */
  readonly usdPerHour: number | null;
  /** Σ devices × TDP, W; null when a TDP is unknown. */
  readonly deviceTdpW: number | null;
  /** Σ nodes × nodePowerOverheadW, W. */
  readonly nodeOverheadW: number;
  /** (device TDP + node overhead) × PUE, W: what the site must be able to supply at full load. */
  readonly peakFacilityW: number | null;
}

const HOURS_PER_YEAR = 365.25 * 24;

export function summarizeFleet(fleet: Fleet, catalog?: CatalogLookup): FleetSummary {
  const per = new Map<string, { pools: number; nodes: number; devices: number; tdpW: number | null }>();
  let nodes = 0;
  let devices = 0;
  let capex: number | null = 0;
  let usdPerHour: number | null = 0;
  let overheadW = 0;
  const unpriced: string[] = [];
  for (const p of fleet.pools) {
    const d = p.nodes * p.devicesPerNode;
    nodes += p.nodes;
    devices += d;
    overheadW += p.nodes * p.nodePowerOverheadW;
    const figures = catalog?.get?.(p.accelerator);
    const tdp = figures?.tdpW ?? null;
    const a = per.get(p.accelerator) ?? { pools: 0, nodes: 0, devices: 0, tdpW: 0 };
    a.pools++;
    a.nodes += p.nodes;
    a.devices += d;
    a.tdpW = a.tdpW === null || tdp === null ? null : a.tdpW + d * tdp;
    per.set(p.accelerator, a);
    const rent = rentUsdPerNodeHour(p);
    if (rent !== undefined) {
      if (usdPerHour !== null) usdPerHour += rent * p.nodes;
      continue;
    }
    if (p.pricing.kind !== 'capex') continue;
    const price = p.pricing.usdPerDevice ?? figures?.priceUsd ?? null;
    if (price === null) {
      unpriced.push(p.name);
      capex = null;
      usdPerHour = null;
      continue;
    }
    const poolCapex = p.nodes * (p.devicesPerNode * price + p.pricing.usdPerNodeOverhead);
    if (capex !== null) capex += poolCapex;
    if (usdPerHour !== null) usdPerHour += poolCapex / (p.pricing.amortisationYears * HOURS_PER_YEAR);
  }
  const perAccelerator = [...per].map(([accelerator, a]) => ({ accelerator, ...a }));
  const deviceTdpW = perAccelerator.some((a) => a.tdpW === null)
    ? null
    : perAccelerator.reduce((s, a) => s + (a.tdpW ?? 0), 0);
  return {
    pools: fleet.pools.length,
    nodes,
    devices,
    perAccelerator,
    capexUsd: capex,
    unpricedPools: unpriced,
    usdPerHour,
    deviceTdpW,
    nodeOverheadW: overheadW,
    peakFacilityW: deviceTdpW === null ? null : (deviceTdpW + overheadW) * fleet.site.pue,
  };
}

/** The summary as a few aligned lines of text. */
export function formatFleetSummary(fleet: Fleet, s: FleetSummary): string {
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  const kw = (w: number): string => `${(w / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} kW`;
  const site = fleet.site;
  const lines = [
    `site ${site.name ?? '(unnamed)'}: PUE ${site.pue}, electricity ${site.electricityUsdPerKWh} USD/kWh`,
    `${s.pools} pool(s), ${n(s.nodes)} nodes, ${n(s.devices)} devices`,
    '',
    'accelerator                 pools      nodes    devices   TDP',
    ...s.perAccelerator.map(
      (a) =>
        `${a.accelerator.padEnd(26)}${String(a.pools).padStart(6)}${n(a.nodes).padStart(11)}` +
        `${n(a.devices).padStart(11)}   ${a.tdpW === null ? 'unknown' : kw(a.tdpW)}`,
    ),
    '',
    `capital cost    ${s.capexUsd === null ? `unknown (no device price for ${listSome(s.unpricedPools)})` : `${n(s.capexUsd)} USD`}`,
    `cost per hour   ${s.usdPerHour === null ? 'unknown' : `${n(s.usdPerHour)} USD (amortised capital + rent, before energy)`}`,
    `device TDP      ${s.deviceTdpW === null ? 'unknown (no TDP in the catalog for some model)' : kw(s.deviceTdpW)}`,
    `node overhead   ${kw(s.nodeOverheadW)}`,
    `peak facility   ${s.peakFacilityW === null ? 'unknown' : `${kw(s.peakFacilityW)} (TDP + overhead, × PUE)`}`,
  ];
  return lines.join('\n') + '\n';
}

/** `a, b, c and 4 more` */
function listSome(names: readonly string[], max = 3): string {
  const head = names.slice(0, max).join(', ');
  return names.length > max ? `${head} and ${names.length - max} more` : head;
}
