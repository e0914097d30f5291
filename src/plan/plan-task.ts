/**
 * @module plan/plan-task
 * One plan of a demand request, as a worker thread runs it (`POST /v1/plans`): the built-in catalog and models,
 * the request's demand and options, {@link runPlan}; its phases are reported as they start (sim's OffThread
 * carries them across the thread boundary). The answer is plain data either way — a plan, or the refusal
 * of a demand found wanting only while planning (no chip serves a service's SLO, a price the plan needs, the time
 * limit) — because an error crossing a thread boundary loses its class, and with it the difference between bad
 * input and a bug. Anything else is thrown: a failure of the server.
 */
import { loadCatalog } from '../catalog/index.js';
import { type ErrorCode, ErrorCode as Codes, isInputError } from '../errors/index.js';
import type { TaskPool } from '../sim/index.js';
import type { DemandRequest } from './demand/demand-request.js';
import { SolverTimeLimitError } from './optimiser/highs-solver.js';
import { loadModels } from './perf/model-registry.js';
import { runPlan, type PlanPhase, type PlanRun, type PlanRunInput } from './plan-run.js';

export interface PlanTask {
  readonly demandRequest: DemandRequest;
  readonly mipRelGap: number;
  readonly timeLimitSec: number;
  /** Prove the plan by simulation (absent: no check), as `hyperfleet plan` does by default. */
  readonly check?: PlanRunInput['check'];
  /** The demand's scenarios to plan too, by name (absent: all), and the request field naming them. */
  readonly scenarios?: readonly string[];
  readonly scenariosField?: string;
  readonly paretoPoints?: number;
}

/** A phase as it starts, and its detail (the scenario's name). */
export interface PlanProgress {
  readonly phase: PlanPhase;
  readonly detail?: string;
}

/** A plan, or why the demand was refused while planning (its message, and the code of the refusal). */
export type PlanTaskResult =
  | { readonly ok: true; readonly plan: PlanRun }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/** The worker module of one plan (compiled next to this file). */
export const PLAN_TASK = new URL('./plan-task.js', import.meta.url);

export default async function runPlanTask(
  task: PlanTask,
  report?: (progress: PlanProgress) => void,
): Promise<PlanTaskResult> {
  try {
    const plan = await runPlan({
      demandRequest: task.demandRequest,
      catalog: loadCatalog(),
      models: loadModels(),
      mipRelGap: task.mipRelGap,
      timeLimitSec: task.timeLimitSec,
      ...(task.check ? { check: task.check } : {}),
      ...(task.scenarios ? { scenarios: task.scenarios } : {}),
      ...(task.scenariosField !== undefined ? { scenariosField: task.scenariosField } : {}),
      ...(task.paretoPoints !== undefined ? { paretoPoints: task.paretoPoints } : {}),
      ...(report
        ? { onPhase: (phase, detail) => report(detail === undefined ? { phase } : { phase, detail }) }
        : {}),
    });
    return { ok: true, plan };
  } catch (e) {
    if (isInputError(e)) return { ok: false, code: e.code, message: e.message };
    if (e instanceof SolverTimeLimitError) {
      return {
        ok: false,
        code: Codes.InvalidOption,
        message:
          `timeLimitSec: the solver reached the time limit of ${e.timeLimitSec} s before proving a plan within a ` +
          `${e.mipRelGap * 100} % gap; expected a larger timeLimitSec, or a larger gap`,
      };
    }
    throw e;
  }
}

/** One plan on `pool`, off the caller's event loop; `report` hears each phase as it starts. */
export function runPlanOffThread(
  pool: TaskPool,
  task: PlanTask,
  report?: (progress: PlanProgress) => void,
): Promise<PlanTaskResult> {
  return pool.run<PlanTask, PlanTaskResult, PlanProgress>(PLAN_TASK, task, async () => runPlanTask, report);
}
