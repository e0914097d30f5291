/**
 * @module plan/demand/demand
 * The demand as the optimiser reads it: every per-quarter value expanded to one number per quarter (growth
 * applied, training workloads summed, tokens/s turned into requests/s), each chip's price resolved (the file's, else
 * the catalog's, else none), and the existing fleet's pools.
 */
import type { DemandFileOutput } from './demand-schema.js';
import type { WorkloadDemand } from './workload-demand.js';

export interface DemandSite {
  readonly pue: number;
  readonly electricityUsdPerKWh: number;
  /** Facility power cap, MW; undefined = no cap. */
  readonly powerCapMW?: number;
  /** Utilisation devices draw power at: idle + (TDP − idle) × this. */
  readonly powerUtilisation: number;
  /** Racks available for accelerator nodes, one entry per quarter; undefined = no rack limit. */
  readonly racks?: readonly number[];
  /** Racks the existing nodes of no offered chip's shape fill (with `racks` only). */
  readonly racksUsedByExisting?: number;
  /** Years a node bought is written off over, for the amortised cost (not the objective). */
  readonly amortisationYears: number;
}

export interface DemandBudget {
  readonly totalUsd?: number;
  /** One entry per quarter. */
  readonly perQuarterUsd?: readonly number[];
}

/** A chip the plan may buy. */
export interface ChipOffer {
  readonly accelerator: string;
  readonly devicesPerNode: number;
  /** Devices that can be bought per quarter; undefined = no limit. */
  readonly supplyDevices?: readonly number[];
  /** USD per device; null when neither the file nor the catalog gives one. */
  readonly priceUsd: number | null;
  /** Where the price comes from. */
  readonly priceFrom: 'file' | 'catalog' | 'none';
  readonly nodeOverheadUsd: number;
  readonly nodePowerOverheadW: number;
  /** Whole nodes one rack holds; given whenever the site has `racks`. */
  readonly nodesPerRack?: number;
}

/** Nodes already owned (a pool of the existing fleet file): free of capital, they draw power from quarter 0. */
export interface ExistingPool {
  readonly pool: string;
  readonly accelerator: string;
  readonly devicesPerNode: number;
  readonly nodes: number;
  readonly nodePowerOverheadW: number;
}

export interface TrainingLine {
  readonly name: string;
  readonly reference: string;
  readonly kind: 'compute' | 'memory';
  /** Reference device-hours per quarter (given, or summed from the workload's pods). */
  readonly deviceHours: readonly number[];
  readonly utilisation: number;
  /** The workload the device-hours were summed from, as read (absent: the file gave deviceHours). */
  readonly workload?: string;
}

export interface InferenceLine {
  readonly name: string;
  readonly model: string;
  readonly precision: 'bf16' | 'fp8' | 'int8';
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Peak requests/s per quarter (a file's peakTokensPerSec ÷ (inputTokens + outputTokens)). */
  readonly peakRequestsPerSec: readonly number[];
  readonly slo: { readonly ttftSec: number; readonly tpotSec: number; readonly percentile: number };
}

/**
 * A variant of the demand to plan too (plan/scenario): what it replaces, per-quarter values expanded. Empty maps
 * and absent fields change nothing.
 */
export interface Scenario {
  readonly name: string;
  readonly description?: string;
  /** Offered chip → devices that can be bought per quarter. */
  readonly supply: Readonly<Record<string, readonly number[]>>;
  /** Offered chip → USD per device. */
  readonly priceUsd: Readonly<Record<string, number>>;
  /** Accelerator → the share of its modelled throughput it delivers. */
  readonly efficiency: Readonly<Record<string, number>>;
  readonly site: Partial<DemandSite>;
  readonly budget: DemandBudget;
}

export interface Demand {
  /** The file it was read from, for messages. */
  readonly file?: string;
  readonly quarters: number;
  readonly site: DemandSite;
  readonly budget: DemandBudget;
  readonly chips: readonly ChipOffer[];
  /** The existing fleet file as resolved (relative to the demand file), if any. */
  readonly existingFile?: string;
  readonly existing: readonly ExistingPool[];
  readonly training: readonly TrainingLine[];
  readonly inference: readonly InferenceLine[];
  /** Variants to plan too, in file order (none when the file lists none). */
  readonly scenarios: readonly Scenario[];
}

/** A demand line of either kind, as capacity functions receive it. */
export type DemandLine =
  ({ readonly type: 'training' } & TrainingLine) | ({ readonly type: 'inference' } & InferenceLine);

/** Every demand line, training first, in file order. */
export function demandLines(demand: Demand): DemandLine[] {
  return [
    ...demand.training.map((l) => ({ type: 'training' as const, ...l })),
    ...demand.inference.map((l) => ({ type: 'inference' as const, ...l })),
  ];
}

/** What a line asks for in each quarter, in its own unit. */
export function lineDemand(line: DemandLine): readonly number[] {
  return line.type === 'training' ? line.deviceHours : line.peakRequestsPerSec;
}

/** Peak tokens/s (input + output) as requests/s of `tokensPerRequest` tokens each. */
function requestsOfTokens(
  tokensPerSec: number | readonly number[] | undefined,
  tokensPerRequest: number,
): number | number[] {
  // The schema's rule makes one of peakRequestsPerSec and peakTokensPerSec present.
  if (tokensPerSec === undefined) throw new Error('an inference line has neither requests/s nor tokens/s');
  return typeof tokensPerSec === 'number'
    ? tokensPerSec / tokensPerRequest
    : tokensPerSec.map((t) => t / tokensPerRequest);
}

/** A per-quarter value as one number per quarter: one number repeats, then growth compounds per quarter. */
export function expandPerQuarter(value: number | readonly number[], quarters: number, growth = 0): number[] {
  const base = typeof value === 'number' ? Array<number>(quarters).fill(value) : [...value];
  return growth === 0 ? base : base.map((v, q) => v * (1 + growth) ** q);
}

/**
 * The validated file, resolved: per-quarter values expanded, prices taken from the file or `catalogPrice`, tokens/s
 * turned into requests/s; `workloads` holds, by index, the device-hours of training lines given as a workload.
 */
export function resolveDemand(
  f: DemandFileOutput,
  catalogPrice: (accelerator: string) => number | null,
  existing: readonly ExistingPool[],
  files: { readonly file?: string; readonly existingFile?: string } = {},
  workloads: ReadonlyMap<number, WorkloadDemand> = new Map(),
): Demand {
  const q = f.quarters;
  const { racks, ...site } = f.site;
  return {
    ...files,
    quarters: q,
    site: { ...site, ...(racks !== undefined ? { racks: expandPerQuarter(racks, q) } : {}) },
    budget: {
      ...(f.budget?.totalUsd !== undefined ? { totalUsd: f.budget.totalUsd } : {}),
      ...(f.budget?.perQuarterUsd !== undefined
        ? { perQuarterUsd: expandPerQuarter(f.budget.perQuarterUsd, q) }
        : {}),
    },
    chips: f.chips.map((c) => {
      const catalog = catalogPrice(c.accelerator);
      return {
        accelerator: c.accelerator,
        devicesPerNode: c.devicesPerNode,
        ...(c.supplyDevices !== undefined ? { supplyDevices: expandPerQuarter(c.supplyDevices, q) } : {}),
        priceUsd: c.priceUsd ?? catalog,
        priceFrom: c.priceUsd !== undefined ? 'file' : catalog !== null ? 'catalog' : 'none',
        nodeOverheadUsd: c.nodeOverheadUsd,
        nodePowerOverheadW: c.nodePowerOverheadW,
        ...(c.nodesPerRack !== undefined ? { nodesPerRack: c.nodesPerRack } : {}),
      };
    }),
    existing,
    training: f.training.map(({ growthPerQuarter, deviceHours, workload: _spec, ...l }, i) => {
      const workload = workloads.get(i);
      const given = workload?.deviceHours ?? deviceHours;
      if (given === undefined) throw new Error(`training[${i}] has neither deviceHours nor a workload read`);
      return {
        ...l,
        deviceHours: expandPerQuarter(given, q, growthPerQuarter),
        ...(workload !== undefined ? { workload: workload.description } : {}),
      };
    }),
    inference: f.inference.map(({ growthPerQuarter, peakRequestsPerSec, peakTokensPerSec, ...l }) => ({
      ...l,
      peakRequestsPerSec: expandPerQuarter(
        peakRequestsPerSec ?? requestsOfTokens(peakTokensPerSec, l.inputTokens + l.outputTokens),
        q,
        growthPerQuarter,
      ),
    })),
    scenarios: f.scenarios.map((s) => ({
      name: s.name,
      ...(s.description !== undefined ? { description: s.description } : {}),
      supply: Object.fromEntries(
        Object.entries(s.supply ?? {}).map(([id, v]) => [id, expandPerQuarter(v, q)]),
      ),
      priceUsd: s.priceUsd ?? {},
      efficiency: s.efficiency ?? {},
      site: s.site ?? {},
      budget: {
        ...(s.budget?.totalUsd !== undefined ? { totalUsd: s.budget.totalUsd } : {}),
        ...(s.budget?.perQuarterUsd !== undefined
          ? { perQuarterUsd: expandPerQuarter(s.budget.perQuarterUsd, q) }
          : {}),
      },
    })),
  };
}
