/**
 * @module server/routes/plans
 * The plan routes (contracts in server/api/plans), `hyperfleet plan` over REST:
 *
 * - `POST /v1/plans` — a demand (the demand file's fields as JSON, `existing` an inline fleet) and solver options
 *   → `202 { id, status }`, Location the plan. The demand is read and its coefficients built here (the plan
 *   pillar's `preparePlan`, every check of the CLI), so a bad demand is a 400 whose issues name JSON paths
 *   (`demand.chips.0.accelerator`); more than MAX_WAITING_PLANS queued or running → 503;
 * - `GET  /v1/plans/{id}` — `{ id, status, progress, phase?, phases, error?, result? }`: while it runs, the phase
 *   running now and those finished with their seconds; `result` is what `hyperfleet plan --json` prints — proven
 *   by simulation unless the request set `check: false`, as the CLI's `--no-check`. A demand that cannot be met
 *   is a finished plan with `status: infeasible` and its `reasons`.
 *
 * Plans run one at a time on the worker threads the simulations use (plan/plan-task), so the solver never holds
 * up the live scheduler on this event loop; their phases come back as they start (sim's OffThread reports).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadCatalog } from '../../catalog/index.js';
import { InputError, refuse, RefusedError } from '../../errors/index.js';
import {
  demandRequest,
  loadModels,
  preparePlan,
  runPlanOffThread,
  type PlanRun as PlanRunResult,
} from '../../plan/index.js';
import type { TaskPool } from '../../sim/index.js';
import { parseBody, type PlanRun, planRoutes as routes } from '../api/index.js';
import { MAX_KEPT_RUNS, MAX_WAITING_PLANS } from '../simulations/limits.js';
import { PhaseLog } from '../simulations/phase-log.js';
import { RunQueue } from '../simulations/run-queue.js';
import { Answer, serveRoute } from './serve-route.js';

export interface PlanRoutesOptions {
  /** The worker threads plans share with simulations. */
  readonly offThread: TaskPool;
}

export async function planRoutes(app: FastifyInstance, options: PlanRoutesOptions): Promise<void> {
  const queue = new RunQueue<PlanRun, PlanRunResult>(
    { what: 'plan', maxKept: MAX_KEPT_RUNS, maxWaiting: MAX_WAITING_PLANS },
    app.log,
  );
  // The built-in catalog and models, as the worker reads them: loaded at the first plan.
  let reference:
    { catalog: ReturnType<typeof loadCatalog>; models: ReturnType<typeof loadModels> } | undefined;

  serveRoute(app, routes.submit, async ({ request }) => {
    const body = parseBody(routes.submit.body, request.body ?? {});
    reference ??= { catalog: loadCatalog(), models: loadModels() };
    const { catalog, models } = reference;
    const demand = demandRequest(body.demand, 'demand');
    // Every refusal of the demand itself (fields, ids, a service no chip can serve) is a 400 now, not a failed plan.
    // The scenarios named must be the demand's: a 400 naming the field, as --scenario is for the CLI.
    const scenarios = body.scenarios ? { scenarios: body.scenarios, scenariosField: 'scenarios' } : {};
    await preparePlan({ demandRequest: demand, catalog, models, ...scenarios });
    const run: PlanRun = {
      id: randomUUID().slice(0, 8),
      status: 'queued',
      progress: 0,
      phases: [],
      createdAt: new Date().toISOString(),
      request: body,
    };
    queue.add(run, async (report) => {
      // A plan's phases are no fractions of its work (the check solves again as often as it must): progress
      // stays 0 until it is done, and the stage names the phase.
      const phases = new PhaseLog(run);
      try {
        const answer = await runPlanOffThread(
          options.offThread,
          {
            demandRequest: demand,
            mipRelGap: body.gap,
            timeLimitSec: body.timeLimitSec,
            ...(body.check ? { check: { seed: body.seed, policy: body.checkPolicy } } : {}),
            ...scenarios,
            paretoPoints: body.paretoPoints,
          },
          ({ phase, detail }) => {
            phases.start(phase, detail);
            report(0, `planning: ${phase}${detail !== undefined ? ` ${detail}` : ''}`);
          },
        );
        if (!answer.ok) throw new InputError(answer.code, { message: answer.message });
        return answer.plan;
      } finally {
        phases.end();
      }
    });
    return new Answer(202, { id: run.id, status: run.status }, { location: `/v1/plans/${run.id}` });
  });

  serveRoute(app, routes.get, async ({ params }) => {
    const run = queue.get(params.id);
    if (!run) throw new RefusedError(refuse('not-found', `id: no plan "${params.id}"`));
    return run;
  });
}
