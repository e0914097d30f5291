/**
 * Waiting for a long run of an app under test (Fastify's `inject`): polls `GET <base>/{id}` — a simulation run by
 * default, or a plan (`/v1/plans`) — until the run is done or failed, and returns it; and the app such routes are
 * tested on.
 */
import type { FastifyInstance } from 'fastify';
import { ClusterState } from '../../src/model/cluster-state.js';
import { createPolicy } from '../../src/policies/registry.js';
import { buildApp } from '../../src/server/app.js';

export async function finishedRun(app: FastifyInstance, id: string, base = '/v1/simulations') {
  for (let i = 0; i < 1200; i++) {
    const run = (await app.inject({ url: `${base}/${id}` })).json();
    if (run.status === 'done' || run.status === 'failed') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${id} of ${base} did not finish`);
}

/** An app with one small node and the bestfit policy: enough for the routes of long runs, which do not place pods. */
export function runsApp(): FastifyInstance {
  return buildApp({
    state: new ClusterState([{ name: 'n1', cpuMilli: 64000, memMiB: 262144, gpuCount: 4, gpuModel: 'T4' }]),
    policy: createPolicy('bestfit'),
  });
}
