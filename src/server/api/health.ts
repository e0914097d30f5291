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
    summary: 'Readiness: nodes known and the active policy',
    responses: {
      200: z.strictObject({ ready: z.literal(true), nodes: z.number().int(), policy: z.string() }),
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
