/**
 * @module server/routes/measurements
 * `POST /v1/measurements`: efficiency accounting from measured telemetry, the same `runMeasure` as
 * `hyperfleet measure --json` (issue 6). Body: `{ genai: DIR, accelerator?, devicesPerNode? }` (the Alibaba GenAI
 * trace folder on the server) or `{ prometheus: URL, from, to, mapping? }` (RFC 3339 or Unix seconds), plus the
 * accounting options (`stepSec`, `teamLabel`, `idleBelowPct`, `idleForSec`, `pue`, `usdPerKWh`, `rightSizing`,
 * `heatMap`). Answers the MeasureResult JSON; a bad body or unreadable telemetry is a 400 naming the field.
 * The request waits for the result (a measurement is seconds, with its right-sizing replay).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseBody } from '../rest-schemas.js';

const time = z.union([z.string().min(1), z.number().nonnegative()]);

const Common = z.object({
  stepSec: z.number().positive().optional(),
  teamLabel: z.string().min(1).optional(),
  idleBelowPct: z.number().min(0).max(100).optional(),
  idleForSec: z.number().nonnegative().optional(),
  pue: z.number().min(1).optional(),
  usdPerKWh: z.number().nonnegative().optional(),
  amortisationYears: z.number().positive().optional(),
  rightSizing: z
    .union([
      z.literal(false),
      z.object({
        percentile: z.number().gt(0).max(1).optional(),
        headroom: z.number().min(0).optional(),
        policy: z.string().optional(),
        granularityMilli: z.number().int().positive().optional(),
      }),
    ])
    .optional(),
  heatMap: z
    .object({
      columns: z.number().int().min(1).max(1000).optional(),
      maxRows: z.number().int().min(1).max(2000).optional(),
    })
    .optional(),
});

const Genai = Common.extend({
  genai: z.string().min(1, 'expected the folder of the GenAI trace on the server'),
  accelerator: z.string().optional(),
  devicesPerNode: z.number().int().min(1).optional(),
});

const Prometheus = Common.extend({
  prometheus: z.url('expected the Prometheus base URL, e.g. http://127.0.0.1:9090'),
  from: time,
  to: time,
  mapping: z.string().optional(),
  timeoutMs: z.number().int().positive().optional(),
});

export const MeasurementBody = z.union([Genai, Prometheus], {
  error: 'expected { genai: DIR } or { prometheus: URL, from, to }',
});

/** The schema a body is read with: the alternative its source field names, for messages about that one. */
function schemaFor(body: unknown): z.ZodType<z.infer<typeof MeasurementBody>> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return MeasurementBody;
  return 'genai' in body ? Genai : 'prometheus' in body ? Prometheus : MeasurementBody;
}

export async function measurementRoutes(app: FastifyInstance): Promise<void> {
  app.post('/v1/measurements', { schema: { tags: ['efficiency'] } }, async (request) => {
    const body = request.body ?? {};
    const b = parseBody(schemaFor(body), body);
    const { runMeasure, parseTime } = await import('../../measure/index.js');
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
    const result = await runMeasure({ source, ...Common.parse(b) });
    // Stranded capacity is the scheduler's to know: this service's own fragmentation history, where it covers.
    const { applyStranded } = await import('../../measure/index.js');
    applyStranded(result, app.live.history(), 'this service');
    // The latest measurement is what /metrics exports (hyperfleet_measure_*), for alerts in the user's Grafana.
    app.metrics.setMeasurement(result);
    return result;
  });
}
