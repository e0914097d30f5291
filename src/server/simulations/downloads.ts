/**
 * @module server/simulations/downloads
 * A finished run as files: the paper's CSV layout for paper runs (readable by its plotting scripts), one row per
 * policy for time runs.
 */
import { formatPaperCsv, type PaperCsvKind, type PaperRow, paperRowOf } from '../../sim/index.js';
import type {
  PaperSimulationResult,
  SimulationResult,
  TimeRunSummary,
  TimeSimulationResult,
} from '../api/index.js';

export function paperRows(result: PaperSimulationResult): PaperRow[] {
  return result.runs.map(paperRowOf);
}

/** A cell's value; null (a cost unknown for want of a price) is an empty cell, as CSV readers take missing data. */
type Cell = number | string | null;

const TIME_CSV_COLUMNS: ReadonlyArray<readonly [string, (r: TimeRunSummary) => Cell]> = [
  ['policy', (r) => r.policy],
  ['seed', (r) => r.seed],
  ['devices', (r) => r.devices],
  ['pods', (r) => r.pods],
  ['placed', (r) => r.placed],
  ['rejected', (r) => r.rejected],
  ['preemptions', (r) => r.preemptions],
  ['horizon_h', (r) => r.horizonSec / 3600],
  ['device_hours_total', (r) => r.deviceHours.total],
  ['device_hours_allocated', (r) => r.deviceHours.allocated],
  ['device_hours_stranded', (r) => r.deviceHours.stranded],
  ['device_hours_idle', (r) => r.deviceHours.idle],
  ['energy_kwh', (r) => r.energyKWh],
  ['cost_usd', (r) => r.costUsd],
  ['capital_usd', (r) => r.capitalUsd],
  ['energy_usd', (r) => r.energyUsd],
  ['queue_delay_p50_s', (r) => r.queueDelaySec.p50],
  ['queue_delay_p95_s', (r) => r.queueDelaySec.p95],
  ['queue_delay_p99_s', (r) => r.queueDelaySec.p99],
  ['jct_p50_s', (r) => r.jctSec.p50],
  ['jct_p95_s', (r) => r.jctSec.p95],
  ['jct_p99_s', (r) => r.jctSec.p99],
];

export function timeCsv(result: TimeSimulationResult): string {
  const cell = (v: Cell) =>
    v === null ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  return (
    [
      TIME_CSV_COLUMNS.map(([name]) => name).join(','),
      ...result.runs.map((r) => TIME_CSV_COLUMNS.map(([, get]) => cell(get(r))).join(',')),
    ].join('\n') + '\n'
  );
}

/** A run's CSV download: its text and file name (`kind` chooses the paper's figure; time runs have one). */
export function resultCsv(
  runId: string,
  result: SimulationResult,
  kind: PaperCsvKind,
): { csv: string; fileName: string } {
  return result.kind === 'paper'
    ? { csv: formatPaperCsv(kind, paperRows(result)), fileName: `simulation-${runId}-${kind}.csv` }
    : { csv: timeCsv(result), fileName: `simulation-${runId}.csv` };
}
