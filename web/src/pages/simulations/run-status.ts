/** Run states as the dashboard groups them, and a finished run with its result. */
import type { SimulationRun } from '../../types';

/** Queued or running: progress is shown, results are not there yet. */
export function isActive(run: SimulationRun): boolean {
  return run.status === 'queued' || run.status === 'running';
}

/** Done or failed: the full run (result or error) can be fetched. */
export function isFinished(run: SimulationRun): boolean {
  return run.status === 'done' || run.status === 'failed';
}

/** A done run with a result of one kind. */
export type RunWith<R> = SimulationRun & { result: R };
