/**
 * Waiting for a long run of an app under test (Fastify's `inject`): polls `GET <base>/{id}` — a simulation run by
 * default, or a plan (`/v1/plans`) — until the run is done or failed, and returns it.
 */
import type { FastifyInstance } from 'fastify';

export async function finishedRun(app: FastifyInstance, id: string, base = '/v1/simulations') {
  for (let i = 0; i < 1200; i++) {
    const run = (await app.inject({ url: `${base}/${id}` })).json();
    if (run.status === 'done' || run.status === 'failed') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${id} of ${base} did not finish`);
}
