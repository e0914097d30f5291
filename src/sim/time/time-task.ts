/**
 * @module sim/time/time-task
 * One fleet-over-time simulation (one policy) from plain, cloneable inputs, as run on a worker thread by the
 * service: the fleet file's text, the workload spec and the options; everything else (catalog, expansion, economics,
 * workload generation) is rebuilt here with the same functions `hyperfleet run` uses.
 */
import { loadCatalog } from '../../catalog/index.js';
import { expandFleet, parseFleetText } from '../../fleet/index.js';
import type { PolicyName } from '../../policies/index.js';
import { loadWorkload } from '../../workload/index.js';
import { fleetSetup, fleetSimInput } from './fleet-economics.js';
import { runTimeSimulation, type QueueDiscipline, type TimeSimResult } from './time-simulator.js';

export interface TimeTask {
  /** The fleet file's text (YAML or JSON) and the name it is shown under. */
  readonly fleet: string;
  readonly fleetName: string;
  readonly reference?: string;
  /** `synthetic:pods=…,days=…,seed=…` or a workload file. */
  readonly workload: string;
  /** The openb pod list a synthetic workload is fitted to. */
  readonly statsFile?: string;
  readonly policy: PolicyName;
  readonly seed: number;
  readonly queue?: QueueDiscipline;
  readonly backfillDepth?: number;
  readonly preemption?: boolean;
  readonly fgdWeight?: number;
}

export interface TimeTaskResult extends TimeSimResult {
  /** The workload in words (what was generated or read). */
  readonly workloadDescription: string;
  readonly assumptions: string[];
}

/** Runs one simulation (the worker entry point). */
export default async function runTimeTask(task: TimeTask): Promise<TimeTaskResult> {
  const catalog = loadCatalog();
  const fleet = parseFleetText(task.fleet, task.fleetName, catalog);
  const expanded = expandFleet(fleet);
  const setup = fleetSetup(fleet, expanded, catalog, task.reference, task.fleetName);
  const { pods, description } = await loadWorkload(task.workload, task.seed, task.statsFile);
  const result = runTimeSimulation({
    ...fleetSimInput(fleet, expanded, setup),
    pods,
    policy: task.policy,
    seed: task.seed,
    queue: task.queue,
    backfillDepth: task.backfillDepth,
    preemption: task.preemption,
    fgdWeight: task.fgdWeight,
  });
  return { ...result, workloadDescription: description, assumptions: setup.assumptions };
}
