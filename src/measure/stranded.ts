/**
 * @module measure/stranded
 * Stranded device-hours — capacity free but unusable by the typical pod (the FGD paper's fragmentation) — are not
 * visible in telemetry: they come from the scheduler's state. When hyperfleet serves the cluster, its history of
 * the fleet's fragmentation (`GET /v1/fleet/history`) is integrated over the measured window.
 */
import { ErrorCode, InputError } from '../errors/index.js';
import type { MeasureResult } from './types.js';

/** A point of the scheduler's history: from `t` (Unix ms) on, `fragAmountGpus` GPUs were fragmented. */
export interface FragPoint {
  readonly t: number;
  readonly fragAmountGpus: number | null;
}

/**
 * ∫ fragmented GPUs dt over [fromSec, toSec], in device-hours, each point holding until the next (the last until
 * `toSec`); time before the first point is not counted. Returns the hours and the seconds of the window covered.
 */
export function strandedDeviceHours(
  points: readonly FragPoint[],
  fromSec: number,
  toSec: number,
): { hours: number; coveredSec: number } {
  let hours = 0;
  let coveredSec = 0;
  for (let i = 0; i < points.length; i++) {
    const v = points[i].fragAmountGpus;
    const start = Math.max(fromSec, points[i].t / 1000);
    const end = Math.min(toSec, i + 1 < points.length ? points[i + 1].t / 1000 : toSec);
    if (v === null || end <= start) continue;
    hours += (v * (end - start)) / 3600;
    coveredSec += end - start;
  }
  return { hours, coveredSec };
}

/** Sets the result's stranded device-hours from the scheduler's history, saying where they come from. */
export function applyStranded(result: MeasureResult, points: readonly FragPoint[], source: string): void {
  const fromSec = Date.parse(result.from) / 1000;
  const toSec = Date.parse(result.to) / 1000;
  const { hours, coveredSec } = strandedDeviceHours(points, fromSec, toSec);
  if (coveredSec <= 0) {
    result.assumptions.push(`Stranded device-hours: ${source} has no history in this window, so 0.`);
    return;
  }
  result.deviceHours.stranded = hours;
  const pct = (100 * coveredSec) / Math.max(1, toSec - fromSec);
  result.assumptions.push(
    `Stranded device-hours from ${source}'s fragmentation history (FGD measure), covering ${pct.toFixed(1)} % of the window.`,
  );
}

/** `GET {url}/v1/fleet/history` of a running `hyperfleet serve`, with a clear error naming `--scheduler`. */
export async function fetchSchedulerHistory(url: string): Promise<FragPoint[]> {
  const at = `${url.replace(/\/+$/, '')}/v1/fleet/history`;
  let res: Response;
  try {
    res = await fetch(at, { signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--scheduler',
      message: `cannot reach hyperfleet serve at ${at} (${cause})`,
    });
  }
  const body = (await res.json().catch(() => null)) as { points?: FragPoint[] } | null;
  if (!res.ok || !body || !Array.isArray(body.points)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--scheduler',
      message: `${at} answered ${res.status} without a fleet history (is it hyperfleet serve?)`,
    });
  }
  return body.points;
}
