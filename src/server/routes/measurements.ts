/**
 * @module server/routes/measurements
 * `POST /v1/measurements` (contract in server/api/measurements): efficiency accounting from measured telemetry,
 * the same `runMeasure` as `hyperfleet measure --json`. Body: `{ genai: DIR, accelerator?, devicesPerNode? }`
 * (the Alibaba GenAI trace folder on the server) or `{ prometheus: URL, from, to, mapping? }` (RFC 3339 or Unix
 * seconds), plus the accounting options of measure/measure-options. Answers the MeasureResult JSON; a bad body or
 * unreadable telemetry is a 400 naming the field. The request waits for the result (a measurement is seconds,
 * with its right-sizing replay).
 */
import type { FastifyInstance } from 'fastify';
import { MeasureAccountingOptions } from '../../measure/index.js';
import { measurementBodyFor, measurementRoutes as routes, parseBody } from '../api/index.js';
import { serveRoute } from './serve-route.js';

export async function measurementRoutes(app: FastifyInstance): Promise<void> {
  serveRoute(app, routes.measure, async ({ request }) => {
    const body = request.body ?? {};
    const b = parseBody(measurementBodyFor(body), body);
    const { runMeasure, parseTime, applyStranded } = await import('../../measure/index.js');
    const asSec = (field: string, v: string | number) => (typeof v === 'number' ? v : parseTime(field, v));
    const source =
      'genai' in b
        ? {
            kind: 'genai' as const,
            dir: b.genai,
            accelerator: b.accelerator,
            devicesPerNode: b.devicesPerNode,
          }
        : {
            kind: 'prometheus' as const,
            url: b.prometheus,
            fromSec: asSec('from', b.from),
            toSec: asSec('to', b.to),
            mapping: b.mapping,
            timeoutMs: b.timeoutMs,
          };
    // The accounting options are the fields every body shares (zod keeps only those).
    const result = await runMeasure({ source, ...MeasureAccountingOptions.parse(b) });
    // Stranded capacity is the scheduler's to know: this service's own fragmentation history, where it covers.
    applyStranded(result, app.live.history(), 'this service');
    // The latest measurement is what /metrics exports (hyperfleet_measure_*), for alerts in the user's Grafana.
    app.metrics.setMeasurement(result);
    return result;
  });
}
