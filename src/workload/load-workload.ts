/**
 * @module workload/load-workload
 * A time-simulation workload from its spec, as `hyperfleet run --workload` and the simulations API take it: a
 * synthetic spec (`synthetic:pods=…,days=…`, fitted to the openb default trace or `statsFile`, its durations
 * optionally stretched to reach a target load) or a workload file; or its pods as a stream, for one pass over a
 * synthetic workload of any size.
 */
import { ErrorCode, InputError } from '../errors/index.js';
import { findOpenbFile } from '../traces/index.js';
import { fitOpenbStatsFile } from './openb-stats.js';
import * as synthetic from './synthetic.js';
import type { WorkloadPod } from './synthetic.js';
import { loadWorkloadFile } from './workload-file.js';

export async function loadWorkload(
  spec: string,
  seed: number,
  statsFile?: string,
  target?: { load: number; devices: number },
) {
  if (synthetic.isSyntheticSpec(spec)) {
    const { open, description } = await openSynthetic(spec, seed, statsFile, target);
    return { pods: [...open()], description };
  }
  const loaded = await loadWorkloadFile(spec);
  return {
    pods: loaded.pods,
    description: `${spec} (${loaded.pods.length} pods, ${loaded.censored} still running at trace end)`,
  };
}

/** A synthetic workload that can be read any number of times, each time the same pods in arrival order. */
export interface ReopenableWorkload {
  /** A fresh pass over the pods, generated one at a time (constant memory). */
  readonly open: () => Iterable<WorkloadPod>;
  /** How many pods of a pass have each request shape, counted without making the pods. */
  readonly shapeCounts: () => synthetic.ShapeCounts;
  /** How many pods a pass yields at most (exactly, without an arrival rate). */
  readonly pods: number;
  readonly description: string;
}

/**
 * The synthetic workload of `spec` (see {@link loadWorkload}: the same pods, durations stretched to `target`) as
 * passes generated on demand instead of a list: what a run of millions of pods streams (sim/time pod-stream).
 */
export async function openSynthetic(
  spec: string,
  seed: number,
  statsFile?: string,
  target?: { load: number; devices: number },
): Promise<ReopenableWorkload> {
  const { parsed, file, base } = await syntheticBase(spec, seed, statsFile);
  let duration = 1;
  if (target) {
    // The openb jobs are short; stretch them until the expected busy devices (clipping at the window included)
    // reach the target. Bisection on a log scale: the expected load grows monotonically with the stretch.
    const busy = (scale: number) =>
      synthetic.expectedLoad({ ...base, scale: { duration: scale } }).meanBusyDevices;
    let lo = 1e-3;
    let hi = 1e7;
    for (let k = 0; k < 80; k++) {
      const mid = Math.sqrt(lo * hi);
      if (busy(mid) < target.load * target.devices) lo = mid;
      else hi = mid;
    }
    duration = Math.sqrt(lo * hi);
  }
  const options = { ...base, seed: parsed.seed, arrivalRate: parsed.arrivalRate, scale: { duration } };
  const stretch = target
    ? `, durations ×${duration.toPrecision(3)} for ~${Math.round(target.load * 100)} % load`
    : '';
  return {
    open: () => synthetic.streamWorkload(options),
    shapeCounts: () => synthetic.countWorkloadShapes(options),
    pods: parsed.pods,
    description: `${syntheticDescription(parsed, file)}${stretch}`,
  };
}

/**
 * The pods of `spec` for one pass, as {@link loadWorkload} gives them (no stretch): a synthetic workload is one pass
 * of {@link openSynthetic}, generated one pod at a time (constant memory, however many pods it asks for); a
 * workload file is read whole.
 */
export async function streamWorkloadSpec(
  spec: string,
  seed: number,
): Promise<{ pods: Iterable<WorkloadPod>; description: string }> {
  if (!synthetic.isSyntheticSpec(spec)) return loadWorkload(spec, seed);
  const { open, description } = await openSynthetic(spec, seed);
  return { pods: open(), description };
}

/** A synthetic spec read, and the generator's options fitted to `statsFile` (default: the openb default trace). */
async function syntheticBase(spec: string, seed: number, statsFile?: string) {
  const parsed = synthetic.parseSyntheticSpec(spec, { seed });
  const file = statsFile ?? defaultStatsTrace();
  const stats = await fitOpenbStatsFile(file, { source: file });
  return { parsed, file, base: { stats, pods: parsed.pods, days: parsed.days } };
}

function syntheticDescription(parsed: synthetic.SyntheticSpec, file: string): string {
  return `synthetic: ${parsed.pods} pods over ${parsed.days} days, seed ${parsed.seed}, fitted to ${file}`;
}

/** The openb default trace the synthetic generator is fitted to: the download cache, else ../shared. */
export function defaultStatsTrace(): string {
  const file = findOpenbFile('openb_pod_list_default.csv');
  if (file) return file;
  throw new InputError(ErrorCode.FileNotFound, {
    field: '--workload',
    message: 'a synthetic workload is fitted to the openb default trace, which was not found',
    expected: 'the trace (hyperfleet traces fetch openb), or --stats FILE naming an openb pod list',
    got: 'synthetic',
  });
}
