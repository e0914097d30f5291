/**
 * @module plan/demand/workload-demand
 * Training demand given as the jobs of a workload (`training[].workload`): a synthetic spec
 * (`synthetic:pods=N,days=D,seed=S`, as `hyperfleet run --workload` takes it) or a workload file (an openb pod list
 * with times, relative to the demand file). Quarter q's demand is the device-hours, on the line's reference chip, of
 * the pods that arrive in [q × 2190 h, (q + 1) × 2190 h): Σ gpuCount × gpuMilli/1000 × durationSec/3600. A pod counts
 * whole in the quarter it arrives in (a job submitted is the quarter's work, even if it runs past the quarter's end);
 * pods arriving after the horizon count nowhere, and CPU-only pods count 0 device-hours.
 */
import { formatIssue, isInputError } from '../../errors/index.js';
import { MILLI_PER_DEVICE } from '../../model/index.js';
import { streamWorkloadSpec } from '../../workload/index.js';
import type { PathIssue } from '../../input/index.js';
import { HOURS_PER_QUARTER } from './demand-schema.js';

/** The seed of a synthetic spec that names none: `hyperfleet run --seed`'s default, so both draw the same pods. */
export const DEFAULT_WORKLOAD_SEED = 42;

/** The fields of a pod the demand counts (structurally the workload's and the simulator's pods). */
export interface DemandPod {
  readonly arrivalSec: number;
  readonly durationSec: number;
  readonly gpuCount: number;
  readonly gpuMilli: number;
}

/** Reference device-hours of the pods arriving in each of `quarters` quarters. */
export function workloadDeviceHours(pods: Iterable<DemandPod>, quarters: number): number[] {
  const hours = Array<number>(quarters).fill(0);
  const quarterSec = HOURS_PER_QUARTER * 3600;
  for (const p of pods) {
    const q = Math.floor(p.arrivalSec / quarterSec);
    if (q < 0 || q >= quarters) continue;
    hours[q] += (p.gpuCount * p.gpuMilli * p.durationSec) / MILLI_PER_DEVICE / 3600;
  }
  return hours;
}

/** A training line's workload, read: its demand per quarter and what it was read from. */
export interface WorkloadDemand {
  readonly deviceHours: number[];
  /** The workload as read, e.g. `synthetic: 1000 pods over 30 days, seed 7, fitted to …`. */
  readonly description: string;
}

/**
 * Reads `spec` (a synthetic spec, or a workload file path already resolved) and sums its demand per quarter. The
 * workload reader's own problems are returned as issues at `path` (the demand file's line), never thrown.
 */
export async function readWorkloadDemand(
  spec: string,
  quarters: number,
  path: PathIssue['path'],
): Promise<WorkloadDemand | PathIssue[]> {
  try {
    // Streamed: a synthetic spec of millions of pods is summed in constant memory.
    const workload = await streamWorkloadSpec(spec, DEFAULT_WORKLOAD_SEED);
    return { deviceHours: workloadDeviceHours(workload.pods, quarters), description: workload.description };
  } catch (e) {
    if (!isInputError(e)) throw e;
    // The reader's own words (with its file and line, for a workload file), at the demand line that names it.
    return e.issues.map((issue) => ({ path, message: formatIssue(issue), key: true, code: e.code }));
  }
}
