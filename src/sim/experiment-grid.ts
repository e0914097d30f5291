/**
 * @module sim/experiment-grid
 * Runs a grid of paper-protocol experiments (traces × policies × seeds) on a pool of worker threads
 * (sim/off-thread), in a deterministic result order whatever the completion order.
 */
import { availableParallelism } from 'node:os';
import type { PolicyName } from '../policies/index.js';
import runGridTask, { type GridResult, type GridTask } from './grid-task.js';
import { OffThread } from './off-thread.js';
import { runGridCellOffThread } from './off-thread-tasks.js';

export interface GridSpec {
  readonly tracesDir: string;
  readonly workloads: readonly string[];
  readonly policies: readonly PolicyName[];
  readonly seeds: readonly number[];
  readonly tune: number;
  /** Worker threads; 1 runs in this thread. Default: the number of cores. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number, last: GridResult) => void;
}

export function gridTasks(spec: GridSpec): GridTask[] {
  const tasks: GridTask[] = [];
  for (const workload of spec.workloads) {
    for (const policy of spec.policies) {
      for (const seed of spec.seeds)
        tasks.push({ tracesDir: spec.tracesDir, workload, policy, seed, tune: spec.tune });
    }
  }
  return tasks;
}

/** Runs every cell; results come back in task order (workload, policy, seed). */
export async function runGrid(spec: GridSpec): Promise<GridResult[]> {
  const tasks = gridTasks(spec);
  const workers = Math.max(1, Math.min(spec.workers ?? availableParallelism(), tasks.length));
  const results: GridResult[] = new Array(tasks.length);
  let done = 0;
  const finish = (i: number, r: GridResult) => {
    results[i] = r;
    spec.onProgress?.(++done, tasks.length, r);
  };
  if (workers === 1) {
    for (let i = 0; i < tasks.length; i++) finish(i, await runGridTask(tasks[i]));
    return results;
  }
  const pool = new OffThread(workers);
  try {
    await Promise.all(tasks.map((task, i) => runGridCellOffThread(pool, task).then((r) => finish(i, r))));
  } finally {
    await pool.close();
  }
  return results;
}
