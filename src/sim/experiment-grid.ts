/**
 * @module sim/experiment-grid
 * Runs a grid of paper-protocol experiments (traces × policies × seeds) on a pool of worker threads
 * (sim/off-thread), in a deterministic result order whatever the completion order.
 */
import { availableParallelism } from 'node:os';
import type { PolicyName } from '../policies/index.js';
import runGridTask, { type GridTask, type VariantGridResult } from './grid-task.js';
import { OffThread, type TaskPool } from './off-thread.js';
import { runGridCellOffThread } from './off-thread-tasks.js';

export interface GridSpec {
  readonly tracesDir: string;
  readonly workloads: readonly string[];
  readonly policies: readonly PolicyName[];
  readonly seeds: readonly number[];
  readonly tune: number;
  /**
   * The opt-in defrag variant: for each k, every policy × seed is run again with plans of at most k moves (a
   * series of its own, `06-FGD+defrag≤k`); none by default.
   */
  readonly defragMoves?: readonly number[];
  /** The planner's work limit per failed pod in those runs (default: the planner's). */
  readonly defragWorkLimit?: number;
  /** Worker threads; 1 runs in this thread. Default: the number of cores. */
  readonly workers?: number;
  /** Where the cells run instead of this process's threads (a work queue); the caller closes it. */
  readonly pool?: TaskPool;
  readonly onProgress?: (done: number, total: number, last: VariantGridResult) => void;
}

export function gridTasks(spec: GridSpec): GridTask[] {
  const tasks: GridTask[] = [];
  const variants = [
    undefined,
    ...(spec.defragMoves ?? []).map((maxMoves) => ({
      maxMoves,
      ...(spec.defragWorkLimit !== undefined && { workLimit: spec.defragWorkLimit }),
    })),
  ];
  for (const workload of spec.workloads) {
    for (const policy of spec.policies) {
      for (const defrag of variants) {
        for (const seed of spec.seeds) {
          const task: GridTask = { tracesDir: spec.tracesDir, workload, policy, seed, tune: spec.tune };
          tasks.push(defrag ? { ...task, defrag } : task);
        }
      }
    }
  }
  return tasks;
}

/** Runs every cell; results come back in task order (workload, policy, paper then defrag variants, seed). */
export function runGrid(spec: GridSpec): Promise<VariantGridResult[]> {
  return runGridTasks(gridTasks(spec), spec);
}

/**
 * Runs the given cells (all of a grid's {@link gridTasks}, or a shard's share of them) on `workers` threads;
 * results come back in the order of `tasks`.
 */
export async function runGridTasks(
  tasks: readonly GridTask[],
  options: Pick<GridSpec, 'workers' | 'onProgress' | 'pool'>,
): Promise<VariantGridResult[]> {
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), tasks.length));
  const results: VariantGridResult[] = new Array(tasks.length);
  let done = 0;
  const finish = (i: number, r: VariantGridResult) => {
    results[i] = r;
    options.onProgress?.(++done, tasks.length, r);
  };
  if (workers === 1 && !options.pool) {
    for (let i = 0; i < tasks.length; i++) finish(i, await runGridTask(tasks[i]));
    return results;
  }
  const pool = options.pool ?? new OffThread(workers);
  try {
    await Promise.all(tasks.map((task, i) => runGridCellOffThread(pool, task).then((r) => finish(i, r))));
  } finally {
    if (!options.pool) await pool.close();
  }
  return results;
}
