/**
 * Waiting for a simulation run of an app under test (Fastify's `inject`): polls `GET /v1/simulations/{id}` until
 * the run is done or failed, and returns it.
 */
import type { FastifyInstance } from 'fastify';

export async function finishedRun(app: FastifyInstance, id: string) {
  for (let i = 0; i < 600; i++) {
    const run = (await app.inject({ url: `/v1/simulations/${id}` })).json();
    if (run.status === 'done' || run.status === 'failed') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`simulation ${id} did not finish`);
}
