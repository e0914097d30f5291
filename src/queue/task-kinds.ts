/**
 * @module queue/task-kinds
 * The kinds of task a queue worker runs, by name: a paper grid cell, a fleet-over-time run, a plan. A submitter
 * names the kind (found from the task module it was asked to run); a worker runs only these functions — the
 * database never names code to load. Each runs on the worker's own threads, as it would in the submitter.
 */
import { PLAN_TASK, runPlanTask } from '../plan/index.js';
import { GRID_TASK, runGridTask, runTimeTask, TIME_TASK, type TaskFunction } from '../sim/index.js';

interface TaskKindEntry {
  /** The task's worker module (sim's OffThread runs it). */
  readonly module: URL;
  /** The same function, for a pool that runs it in this thread. */
  readonly run: TaskFunction<never, unknown, unknown>;
  /** Whether the task reports progress while it runs (the plan's phases). */
  readonly reports: boolean;
}

export const TASK_KINDS = {
  grid: { module: GRID_TASK, run: runGridTask, reports: false },
  time: { module: TIME_TASK, run: runTimeTask, reports: false },
  plan: { module: PLAN_TASK, run: runPlanTask, reports: true },
} as const satisfies Record<string, TaskKindEntry>;

export type TaskKind = keyof typeof TASK_KINDS;

/** The kind whose module is `module`, or undefined for a module no worker runs. */
export function kindOfModule(module: URL): TaskKind | undefined {
  for (const [kind, entry] of Object.entries(TASK_KINDS)) {
    if (entry.module.href === module.href) return kind as TaskKind;
  }
  return undefined;
}

export function isTaskKind(name: unknown): name is TaskKind {
  return typeof name === 'string' && Object.hasOwn(TASK_KINDS, name);
}
