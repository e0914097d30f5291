/**
 * @module plan/check/training-jobs
 * The synthetic training jobs a plan's training line is proven with, one seeded set per (quarter, line): whole-device
 * jobs whose reference device-hours add up exactly to the demand, all submitted at the quarter's start (a backlog).
 *
 * - Size: a power of two of devices up to `maxDevices` (one node: the time simulator places a pod on one node, so a
 *   gang larger than a node is not modelled), drawn with probability proportional to the size — half of the
 *   device-hours or more sit in the largest jobs, which are the hardest to pack.
 * - Duration on the reference chip: log-uniform between {@link MIN_JOB_HOURS} and {@link MAX_JOB_HOURS} (half a day to a
 *   week), capped at `maxHours` — the caller's cap, so that a job fits well inside the quarter on the slowest chip
 *   it may land on (otherwise no number of nodes could make the quarter).
 * - The last job is shortened so the total equals the demand exactly.
 */
import type { TimedPod } from '../../sim/index.js';
import { GoRand } from '../../rng/index.js';

export const MIN_JOB_HOURS = 12;
export const MAX_JOB_HOURS = 168;
/** CPU and memory a job asks per device: any node built by the check has this much per device. */
export const CPU_MILLI_PER_DEVICE = 8000;
export const MEM_MIB_PER_DEVICE = 65536;

export interface TrainingJobSpec {
  /** Reference device-hours to generate. */
  readonly deviceHours: number;
  /** Largest job, in devices (the largest node given to the line). */
  readonly maxDevices: number;
  /** Longest job on the reference chip, hours. */
  readonly maxHours: number;
  readonly seed: number;
  /** Prefix of the job names. */
  readonly name: string;
}

/** The jobs of `spec`, in submission order (all arrive at 0). */
export function trainingJobs(spec: TrainingJobSpec): TimedPod[] {
  const rng = new GoRand(spec.seed);
  const sizes: number[] = [];
  for (let d = 1; d <= spec.maxDevices; d *= 2) sizes.push(d);
  const weight = sizes.reduce((a, b) => a + b, 0);
  const longest = Math.max(Math.min(MAX_JOB_HOURS, spec.maxHours), Number.MIN_VALUE);
  const shortest = Math.min(MIN_JOB_HOURS, longest);
  const jobs: TimedPod[] = [];
  let left = spec.deviceHours;
  while (left > 0) {
    let pick = rng.float64() * weight;
    let size = sizes[sizes.length - 1];
    for (const d of sizes) {
      if (pick < d) {
        size = d;
        break;
      }
      pick -= d;
    }
    const hours = Math.min(shortest * (longest / shortest) ** rng.float64(), left / size);
    left -= hours * size;
    jobs.push({
      name: `${spec.name}-${jobs.length}`,
      cpuMilli: size * CPU_MILLI_PER_DEVICE,
      memMiB: size * MEM_MIB_PER_DEVICE,
      gpuCount: size,
      gpuMilli: 1000,
      gpuTypes: [],
      arrivalSec: 0,
      durationSec: hours * 3600,
    });
    // Rounding may leave a sliver no job is worth making for.
    if (left <= spec.deviceHours * 1e-12) break;
  }
  return jobs;
}
