/**
 * @module server/simulations/prepared-run
 * A simulation request checked against what this machine has, ready to queue: its title and the function that
 * runs it. Everything that can be refused is refused while preparing, so a bad request is a 400, not a failed run.
 */
import { ErrorCode, InputError } from '../../errors/index.js';
import type { SimulationResult } from '../api/index.js';

export interface PreparedRun {
  readonly title: string;
  run(report: (progress: number, stage: string) => void): Promise<SimulationResult>;
}

/** A bad request found before the run is queued (answered 400). */
export function badSimulation(field: string, message: string): InputError {
  return new InputError(ErrorCode.InvalidBody, { field, message });
}
