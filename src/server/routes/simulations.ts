/**
 * @module server/routes/simulations
 * The simulation routes (contracts in server/api/simulations), used by the web dashboard and anyone with curl:
 *
 * - `GET  /v1/simulations/options` — what can be run here (server/simulations/available);
 * - `POST /v1/simulations` — a paper run (as `hyperfleet experiment`) or a time run (as `hyperfleet run`), read
 *   with the same option schemas as those commands → `202 { id, status }`, Location the run; a bad body is a 400
 *   whose issues name the fields;
 * - `GET  /v1/simulations` — every run kept (newest first, without results);
 * - `GET  /v1/simulations/{id}` — `{ id, status, progress, error?, result? }`;
 * - `GET  /v1/simulations/{id}/json`, `/csv` — downloads (server/simulations/downloads).
 *
 * Runs execute one at a time, in submission order (server/simulations/queue), with the engine functions the CLI
 * calls, on worker threads (`sim/off-thread`, all cores but one), so the live scheduler on this event loop keeps
 * answering; only under a test runner on the TypeScript sources do they run in this thread. With `serve --queue`
 * they run on queue workers instead (src/queue), their progress and results read back from PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { refuse, RefusedError } from '../../errors/index.js';
import { OffThread, type TaskPool } from '../../sim/index.js';
import { parseBody, type SimulationResult, simulationRoutes as routes } from '../api/index.js';
import { availableSimulations } from '../simulations/available.js';
import { resultCsv } from '../simulations/downloads.js';
import { type SimulationRun, SimulationQueue } from '../simulations/queue.js';
import { measurementRoutes } from './measurements.js';
import { planRoutes } from './plans.js';
import { Answer, serveRoute } from './serve-route.js';

/** A run as answered: without its result in lists. */
function publicRun(run: SimulationRun, withResult: boolean): SimulationRun {
  const { result, ...rest } = run;
  return withResult && result ? { ...rest, result } : rest;
}

export interface SimulationRoutesOptions {
  /** Where runs execute (default: worker threads of this process); closed with the app. */
  readonly pool?: TaskPool | undefined;
}

export async function simulationRoutes(
  app: FastifyInstance,
  options: SimulationRoutesOptions = {},
): Promise<void> {
  const offThread = options.pool ?? new OffThread();
  app.addHook('onClose', async () => offThread.close());
  const queue = new SimulationQueue(offThread, app.log);
  await app.register(measurementRoutes);
  // Plans share the worker threads: one pool for every long run of this service.
  await app.register(planRoutes, { offThread });

  /** The run of the URL's id, or a not-found refusal. */
  const runOf = (id: string): SimulationRun => {
    const run = queue.get(id);
    if (!run) throw new RefusedError(refuse('not-found', `id: no simulation "${id}"`));
    return run;
  };
  /** A finished run's result, or a conflict refusal while it has none. */
  const resultOf = (run: SimulationRun): SimulationResult => {
    if (run.result) return run.result;
    throw new RefusedError(
      refuse('conflict', `status: simulation ${run.id} is ${run.status}, no result yet`),
    );
  };

  serveRoute(app, routes.options, async () => availableSimulations());

  serveRoute(app, routes.submit, async ({ request }) => {
    const run = await queue.submit(parseBody(routes.submit.body, request.body ?? {}));
    return new Answer(202, { id: run.id, status: run.status }, { location: `/v1/simulations/${run.id}` });
  });

  serveRoute(app, routes.list, async () => ({
    simulations: queue.list().map((r) => publicRun(r, false)),
  }));

  serveRoute(app, routes.get, async ({ params }) => publicRun(runOf(params.id), true));

  serveRoute(app, routes.json, async ({ params }) => {
    const run = runOf(params.id);
    resultOf(run);
    const disposition = `attachment; filename="simulation-${run.id}.json"`;
    return new Answer(200, publicRun(run, true), { 'content-disposition': disposition }, 1);
  });

  serveRoute(app, routes.csv, async ({ params, query }) => {
    const run = runOf(params.id);
    const { csv, fileName } = resultCsv(run.id, resultOf(run), query.kind ?? 'allo');
    return new Answer(200, csv, {
      'content-disposition': `attachment; filename="${fileName}"`,
      'content-type': 'text/csv; charset=utf-8',
    });
  });
}
