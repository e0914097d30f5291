/**
 * @module sim/off-thread-tasks
 * The simulations a service runs off its event loop, one task at a time: one cell of a paper grid, one fleet over
 * time. Callers hand over plain, cloneable inputs and a pool; which module a worker loads is this folder's business.
 * (Imported statically: a dynamic import here would make the simulate bundle wrap every module it reaches in a lazy
 * initialiser.)
 */
import runGridTask, { type GridTask, type VariantGridResult } from './grid-task.js';
import type { TaskPool } from './off-thread.js';
import runTimeTask, { type TimeTask, type TimeTaskResult } from './time/time-task.js';

/** The worker module of one grid cell (compiled next to this file). */
export const GRID_TASK = new URL('./grid-task.js', import.meta.url);
/** The worker module of one fleet-over-time run. */
export const TIME_TASK = new URL('./time/time-task.js', import.meta.url);

/** One paper-protocol grid cell on `pool`. */
export function runGridCellOffThread(pool: TaskPool, task: GridTask): Promise<VariantGridResult> {
  return pool.run<GridTask, VariantGridResult>(GRID_TASK, task, async () => runGridTask);
}

/** One fleet-over-time run (one policy) on `pool`. */
export function runTimeTaskOffThread(pool: TaskPool, task: TimeTask): Promise<TimeTaskResult> {
  return pool.run<TimeTask, TimeTaskResult>(TIME_TASK, task, async () => runTimeTask);
}
