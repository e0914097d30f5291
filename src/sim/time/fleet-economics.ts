/**
 * @module sim/time/fleet-economics
 * From a fleet file and the accelerator catalog to what the time simulator and the fleet-aware policies need:
 * each pool's power and hourly cost, each device model's speed relative to the device the workload's durations
 * were recorded on, and the list of assumptions those figures rest on (shown in every report). A pool priced
 * nowhere still runs: its hourly cost is null (unknown) and a warning says how to price it.
 *
 * Speed model (in the spirit of Gavel's effective throughput): whole-device pods are compute-bound and scale with
 * dense BF16 throughput; sharing pods (inference-like) are memory-bound and scale with memory bandwidth; CPU-only
 * pods do not scale. A job's run time on a device = recorded duration / speed.
 */
import { ErrorCode, InputError } from '../../errors/index.js';
import {
  type Accelerator,
  type Catalog,
  getAccelerator,
  relativeSpeed,
  roundRequest,
} from '../../catalog/index.js';
import { type ExpandedFleet, type Fleet, rentUsdPerNodeHour } from '../../fleet/index.js';
import type { FleetEconomics, ModelEconomics } from '../../policies/index.js';
import type { PoolEconomics, ShareResult, TimedPod, TimeSimInput } from './time-simulator.js';
import { type UnpricedPool, unpricedWarning } from './unpriced-pools.js';

const HOURS_PER_YEAR = 8760;

/** Default device the workload's durations are taken to be recorded on: the openb trace's dominant type. */
export const DEFAULT_REFERENCE = 'nvidia-a100';

export interface FleetSetup {
  readonly pools: PoolEconomics[];
  readonly economics: FleetEconomics;
  /** Per pool: speed on compute-bound and on memory-bound work. */
  readonly computeSpeed: Float64Array;
  readonly memorySpeed: Float64Array;
  /** Duration multiplier function for the simulator. */
  readonly speed: (pod: TimedPod, pool: number) => number;
  /** The share a sharing request gets on pool p's devices (the catalog's sharing mode), or why it cannot. */
  readonly shareOn: (pool: number, milli: number) => ShareResult;
  /** Every assumption the figures depend on, in words (the warnings included). */
  readonly assumptions: string[];
  /** Pools with no price anywhere: their cost is unknown. */
  readonly unpricedPools: readonly UnpricedPool[];
  /** One warning per unpriced pool, naming it and how to price it (the CLI prints them on stderr). */
  readonly warnings: readonly string[];
}

function used(a: Accelerator, field: 'bf16Tflops' | 'memoryBandwidthTBps'): number | null {
  return a[field];
}

type ExpandedPool = ExpandedFleet['pools'][number];

/** The reference accelerator and its compute and memory figures (both needed: speeds are ratios to them). */
interface Reference {
  readonly id: string;
  readonly accelerator: Accelerator;
  readonly compute: number;
  readonly memory: number;
}

export function fleetSetup(
  fleet: Fleet,
  expanded: ExpandedFleet,
  catalog: Catalog,
  referenceId = DEFAULT_REFERENCE,
  fleetFile?: string,
): FleetSetup {
  const reference = referenceOf(catalog, referenceId);
  const assumptions = [
    `Durations are taken as recorded on ${reference.id} (${reference.compute} BF16 TFLOPS, ${reference.memory} TB/s): whole-device pods ` +
      'scale with BF16 throughput, sharing pods with memory bandwidth, CPU-only pods do not scale (--reference changes the device).',
    `Device power = idle + (TDP − idle) × allocated share; idle power is ${Math.round(catalog.idleFractionOfTdp * 100)} % of TDP where no source gives it; ` +
      `facility power = IT power × PUE ${fleet.site.pue}; electricity ${fleet.site.electricityUsdPerKWh} USD/kWh.`,
  ];
  const seen = new Set<string>();
  const pools: PoolEconomics[] = [];
  const computeSpeed = new Float64Array(expanded.pools.length);
  const memorySpeed = new Float64Array(expanded.pools.length);
  const economics = new Map<string, ModelEconomics>();
  const accelerators: Accelerator[] = [];
  const unpricedPools: UnpricedPool[] = [];
  expanded.pools.forEach((pool, p) => {
    const a = getAccelerator(catalog, pool.accelerator, { field: `pools[${p}].accelerator` });
    accelerators.push(a);
    const figures = poolEconomicsOf(pool, p, a, catalog, fleetFile);
    pools.push(figures);
    if (figures.usdPerNodeHour === null) unpricedPools.push({ index: p, name: pool.name, accelerator: a.id });
    computeSpeed[p] = relativeSpeed(a, reference.accelerator, 'compute') ?? 1;
    memorySpeed[p] = relativeSpeed(a, reference.accelerator, 'memory') ?? 1;
    if (!seen.has(a.id)) {
      seen.add(a.id);
      assumptions.push(...acceleratorAssumptions(a));
    }
    economics.set(pool.gpuModelAlias, {
      computeSpeed: computeSpeed[p],
      memorySpeed: memorySpeed[p],
      dynamicW: figures.tdpW - figures.idleW,
      usdPerDeviceHour: figures.usdPerNodeHour === null ? null : figures.usdPerNodeHour / pool.devicesPerNode,
    });
  });
  const speed = (pod: TimedPod, pool: number): number => {
    if (pod.gpuCount === 0 || pod.gpuMilli === 0) return 1;
    return pod.gpuCount === 1 && pod.gpuMilli < 1000 ? memorySpeed[pool] : computeSpeed[pool];
  };
  const shareOn = (pool: number, milli: number): ShareResult => {
    const a = accelerators[pool];
    const r = roundRequest(a.sharing, milli, a.id);
    return r.ok ? { ok: true, milli: r.milli } : r;
  };
  const kinds = new Set(accelerators.map((a) => a.sharing.kind));
  if (kinds.size > 1 || kinds.has('partitions') || kinds.has('none')) {
    assumptions.push(
      'Sharing requests are rounded up to what each device model allows (MIG profiles, PPU halves) or refused where ' +
        'it allows no sharing; the policies see the rounded request.',
    );
  }
  const warnings = unpricedPools.map(unpricedWarning);
  assumptions.push(...warnings);
  return {
    pools,
    economics,
    computeSpeed,
    memorySpeed,
    speed,
    shareOn,
    assumptions,
    unpricedPools,
    warnings,
  };
}

function referenceOf(catalog: Catalog, referenceId: string): Reference {
  const reference = getAccelerator(catalog, referenceId, { field: '--reference' });
  const compute = used(reference, 'bf16Tflops');
  const memory = used(reference, 'memoryBandwidthTBps');
  if (compute === null || memory === null) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--reference',
      message: `${reference.id} lacks a BF16 or memory-bandwidth figure in the catalog`,
      expected: 'a reference accelerator with both figures (e.g. nvidia-a100)',
      got: reference.id,
    });
  }
  return { id: reference.id, accelerator: reference, compute, memory };
}

/**
 * Power and hourly cost of pool `p` (accelerator `a`), or a clear error for a TDP the catalog lacks; a price known
 * nowhere gives a null hourly cost (the run needs power, not price).
 */
function poolEconomicsOf(
  pool: ExpandedPool,
  p: number,
  a: Accelerator,
  catalog: Catalog,
  fleetFile: string | undefined,
): PoolEconomics {
  const need = (value: number | null, what: string, fix: string): number => {
    if (value === null) {
      throw new InputError(ErrorCode.InvalidField, {
        file: fleetFile,
        field: `pools[${p}] (${pool.name})`,
        message: `${a.id} has no ${what} in the catalog, and the simulation needs one`,
        expected: fix,
      });
    }
    return value;
  };
  const tdpW = need(
    a.tdpW,
    'TDP (tdpW)',
    'tdpW set for it in a catalog file (--catalog FILE), or another accelerator',
  );
  const idleW = a.idleW ?? tdpW * catalog.idleFractionOfTdp;
  let usdPerNodeHour: number | null | undefined = rentUsdPerNodeHour(pool);
  if (usdPerNodeHour === undefined && pool.pricing.kind === 'capex') {
    const perDevice = pool.pricing.usdPerDevice ?? a.priceUsd;
    usdPerNodeHour =
      perDevice === null
        ? null
        : (perDevice * pool.devicesPerNode + pool.pricing.usdPerNodeOverhead) /
          (pool.pricing.amortisationYears * HOURS_PER_YEAR);
  }
  return {
    name: pool.name,
    accelerator: a.id,
    devicesPerNode: pool.devicesPerNode,
    nodes: pool.nodes,
    tdpW,
    idleW,
    nodeOverheadW: pool.nodePowerOverheadW,
    usdPerNodeHour: usdPerNodeHour ?? null,
  };
}

/** What the figures of accelerator `a` rest on: missing figures, the catalog's assumptions and ranges. */
function acceleratorAssumptions(a: Accelerator): string[] {
  const lines: string[] = [];
  if (used(a, 'bf16Tflops') === null)
    lines.push(`${a.id}: no BF16 figure in the catalog; compute-bound work runs at the reference speed.`);
  if (used(a, 'memoryBandwidthTBps') === null)
    lines.push(
      `${a.id}: no memory-bandwidth figure in the catalog; memory-bound work runs at the reference speed.`,
    );
  for (const as of a.assumptions) lines.push(`${a.id}: ${as.field} = ${as.value} (assumed: ${as.basis}).`);
  for (const [field, range] of Object.entries(a.ranges)) {
    if (range)
      lines.push(
        `${a.id}: ${field} ranges ${range.low}–${range.high}; the model uses ${range.used} (${range.why}).`,
      );
  }
  return lines;
}

/** The fleet's part of a time simulation's input (nodes, pools, site, speed, sharing, economics). */
export function fleetSimInput(
  fleet: Fleet,
  expanded: ExpandedFleet,
  setup: FleetSetup,
): Pick<TimeSimInput, 'nodes' | 'nodePool' | 'pools' | 'site' | 'speed' | 'shareOn' | 'economics'> {
  return {
    nodes: expanded.nodes,
    nodePool: expanded.nodePool,
    pools: setup.pools,
    site: { pue: fleet.site.pue, usdPerKWh: fleet.site.electricityUsdPerKWh },
    speed: setup.speed,
    shareOn: setup.shareOn,
    economics: setup.economics,
  };
}
