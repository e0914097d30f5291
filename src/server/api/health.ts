/**
 * @module server/api/health
 * The operations routes: liveness and readiness probes, and the Prometheus metrics.
 */
import { z } from 'zod';
import { apiRoute } from './route-contract.js';

export const healthRoutes = {
  healthz: apiRoute({
    method: 'GET',
    url: '/healthz',
    tag: 'operations',
    summary: 'Liveness: the process answers',
    responses: { 200: z.strictObject({ ok: z.literal(true) }) },
  }),
  readyz: apiRoute({
    method: 'GET',
    url: '/readyz',
    tag: 'operations',
    summary:
      'Readiness: nodes known, the active policy, and whether this replica decides (503 on a follower, which answers reads only)',
    responses: {
      200: z.strictObject({
        ready: z.literal(true),
        nodes: z.number().int(),
        policy: z.string(),
        role: z.literal('leader'),
        replica: z.string(),
      }),
      503: z.strictObject({
        ready: z.literal(false),
        nodes: z.number().int(),
        policy: z.string(),
        role: z.literal('follower'),
        replica: z.string(),
      }),
    },
  }),
  metrics: apiRoute({
    method: 'GET',
    url: '/metrics',
    tag: 'operations',
    summary: 'Prometheus metrics',
    responses: {
      200: {
        contentType: 'text/plain; version=0.0.4; charset=utf-8',
        schema: z.string().describe('the Prometheus text exposition format'),
      },
    },
  }),
};
