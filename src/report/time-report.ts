/**
 * @module report/time-report
 * Self-contained HTML report of time simulations (`hyperfleet run`): per run (policy or fleet) the queueing
 * and completion-time percentiles, allocated / stranded / idle device-hours, energy and cost, per accelerator
 * model and per team, allocation over time per model, what a defragmenter did (runs with `--defrag`), and the
 * assumptions the figures rest on. A cost that
 * includes a pool without a price reads "unknown" (the assumptions name the pool and how to price it).
 */
import type { DefraggedTimeSimResult, TimeSimResult } from '../sim/index.js';
import { formatGrouped } from './number-format.js';
import { escapeHtml, REPORT_CSS } from './page.js';
import { seriesColor } from './palette.js';
import { renderBarChartSvg, renderLineChartSvg } from './svg-chart.js';

export interface TimeReportRun {
  /** What distinguishes this run (policy, fleet…). */
  readonly label: string;
  /** With what the defragmenter did, for a run that had one. */
  readonly result: DefraggedTimeSimResult;
}

export interface TimeReportInput {
  readonly title: string;
  readonly runs: readonly TimeReportRun[];
  /** Assumptions the figures depend on (shown in full on every report). */
  readonly assumptions: readonly string[];
  readonly notes?: readonly string[];
}

const fmt = (v: number, digits = 0) => (Number.isFinite(v) ? formatGrouped(v, digits) : '—');
/** A cost, or "unknown" where a pool has no price. */
const usd = (v: number | null) => (v === null ? 'unknown' : fmt(v));
const hours = (sec: number) => fmt(sec / 3600, 2);
const pct = (part: number, whole: number) => (whole > 0 ? `${fmt((100 * part) / whole, 1)} %` : '—');

function summaryTable(runs: readonly TimeReportRun[]): string {
  const rows = runs.map(({ label, result: r }) => {
    const dh = r.deviceHours;
    return (
      `<tr><th scope="row">${escapeHtml(label)}</th>` +
      `<td>${fmt(r.pods)}</td><td>${fmt(r.placed)}</td><td>${fmt(r.rejected)}</td>` +
      `<td>${hours(r.queueDelaySec.p50)}</td><td>${hours(r.queueDelaySec.p95)}</td><td>${hours(r.queueDelaySec.p99)}</td>` +
      `<td>${hours(r.jctSec.p50)}</td><td>${hours(r.jctSec.p95)}</td><td>${hours(r.jctSec.p99)}</td>` +
      `<td>${pct(dh.allocated, dh.total)}</td><td>${pct(dh.stranded, dh.total)}</td><td>${pct(dh.idle, dh.total)}</td>` +
      `<td>${fmt(r.energyKWh)}</td><td>${usd(r.costUsd)}</td></tr>`
    );
  });
  return (
    '<div class="table-wrap"><table><caption>Queueing delay and job completion time (hours; p50 / p95 / p99), ' +
    'share of device-hours allocated, stranded (free but fragmented for the typical workload) and idle (free and ' +
    'usable), energy (kWh, PUE included) and cost (USD, capital or rent plus energy).</caption><thead><tr>' +
    '<th scope="col">Run</th><th scope="col">Pods</th><th scope="col">Placed</th><th scope="col">Rejected</th>' +
    '<th scope="col">Wait p50</th><th scope="col">Wait p95</th><th scope="col">Wait p99</th>' +
    '<th scope="col">JCT p50</th><th scope="col">JCT p95</th><th scope="col">JCT p99</th>' +
    '<th scope="col">Allocated</th><th scope="col">Stranded</th><th scope="col">Idle</th>' +
    '<th scope="col">Energy kWh</th><th scope="col">Cost USD</th></tr></thead><tbody>' +
    rows.join('') +
    '</tbody></table></div>'
  );
}

/** What the defragmenter did in the runs that had one (the summary above compares them with the runs without). */
function defragTable(runs: readonly TimeReportRun[]): string {
  const rows = runs.flatMap(({ label, result: { defrag: d } }) =>
    d === undefined
      ? []
      : [
          `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(d.trigger)}</td><td>${fmt(d.migrationCostSec)}</td>` +
            `<td>${fmt(d.plansTried)}</td><td>${fmt(d.plansApplied)}</td><td>${fmt(d.moves)}</td><td>${fmt(d.podsMoved)}</td>` +
            `<td>${fmt(d.migrationGpuHours, 1)}</td></tr>`,
        ],
  );
  return (
    '<h2>Defragmentation</h2><div class="table-wrap"><table><caption>Plans the defragmenter tried and carried out, ' +
    'the moves (each moved pod restarts on its new devices after the migration cost) and the GPU-hours restarting ' +
    'pods held without working; compare the wait, completion time and allocation of each run with the same run ' +
    'without defrag in the summary.</caption><thead><tr><th scope="col">Run</th><th scope="col">Trigger</th>' +
    '<th scope="col">Migration cost s</th><th scope="col">Plans tried</th><th scope="col">Plans applied</th>' +
    '<th scope="col">Moves</th><th scope="col">Pods moved</th><th scope="col">Migration GPU-hours</th></tr></thead><tbody>' +
    rows.join('') +
    '</tbody></table></div>'
  );
}

function perModelTable(run: TimeReportRun): string {
  const rows = Object.entries(run.result.perModel)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([model, m]) => {
      const dh = m.deviceHours;
      return (
        `<tr><th scope="row">${escapeHtml(model)}</th><td>${fmt(m.devices)}</td><td>${fmt(dh.total)}</td>` +
        `<td>${fmt(dh.allocated)}</td><td>${fmt(dh.stranded)}</td><td>${fmt(dh.idle)}</td>` +
        `<td>${fmt(m.energyKWh)}</td><td>${usd(m.costUsd)}</td></tr>`
      );
    });
  return (
    `<div class="table-wrap"><table><caption>${escapeHtml(run.label)}: per accelerator model (device-hours).</caption>` +
    '<thead><tr><th scope="col">Model</th><th scope="col">Devices</th><th scope="col">Total</th>' +
    '<th scope="col">Allocated</th><th scope="col">Stranded</th><th scope="col">Idle</th>' +
    '<th scope="col">Energy kWh</th><th scope="col">Cost USD</th></tr></thead><tbody>' +
    rows.join('') +
    '</tbody></table></div>'
  );
}

function perTeamTable(run: TimeReportRun): string {
  const rows = Object.entries(run.result.perTeam).map(
    ([team, t]) =>
      `<tr><th scope="row">${escapeHtml(team)}</th><td>${fmt(t.pods)}</td><td>${fmt(t.deviceHours, 1)}</td></tr>`,
  );
  return (
    `<div class="table-wrap"><table><caption>${escapeHtml(run.label)}: allocated device-hours per team ` +
    '(a shared device is charged by share: four 250-milli pods for an hour make one device-hour).</caption>' +
    '<thead><tr><th scope="col">Team</th><th scope="col">Pods</th><th scope="col">Device-hours</th></tr></thead><tbody>' +
    rows.join('') +
    '</tbody></table></div>'
  );
}

function timelineChart(run: TimeReportRun, id: string): string {
  const { timeline } = run.result;
  const series = Object.entries(timeline.allocationPct).map(([model, values], i) => ({
    name: model,
    color: seriesColor(i),
    points: values.map((v, k) => [timeline.tSec[k] / 86400, v] as const),
  }));
  const svg = renderLineChartSvg({
    id,
    ariaLabel: `${run.label}: allocation over time per accelerator model`,
    width: 640,
    height: 300,
    xAxis: { name: 'Simulated time (days)', min: 0 },
    yAxis: { name: 'Allocated (% of devices)', min: 0, max: 100, unit: '%' },
    series,
  });
  return `<figure class="chart"><h4 class="fig-title">${escapeHtml(run.label)}: allocation over time</h4><div class="svg-wrap">${svg}</div></figure>`;
}

function deviceHoursChart(runs: readonly TimeReportRun[]): string {
  const share = (pick: (r: TimeSimResult) => number) =>
    runs.map(({ result: r }) => (r.deviceHours.total > 0 ? (100 * pick(r)) / r.deviceHours.total : null));
  const svg = renderBarChartSvg({
    id: 'dh',
    ariaLabel: 'Device-hours allocated, stranded and idle per run',
    width: 900,
    height: 320,
    categories: runs.map((r) => r.label),
    yAxis: { name: '% of device-hours', min: 0, max: 100, unit: '%' },
    series: [
      { name: 'allocated', color: '#0b57a4', values: share((r) => r.deviceHours.allocated) },
      { name: 'stranded', color: '#d55e00', values: share((r) => r.deviceHours.stranded) },
      { name: 'idle', color: '#9e9e9e', values: share((r) => r.deviceHours.idle) },
    ],
  });
  return `<figure class="chart wide"><h4 class="fig-title">Where the device-hours went</h4><div class="svg-wrap">${svg}</div></figure>`;
}

/** Renders the runs as one self-contained HTML page. */
export function renderTimeReport(input: TimeReportInput): string {
  const title = escapeHtml(input.title);
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title><style>${REPORT_CSS}</style></head><body><div class="page">`,
    `<header><h1>${title}</h1>`,
    input.notes?.length
      ? `<ul class="notes">${input.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
      : '',
    '</header><main>',
    '<h2>Summary</h2>',
    summaryTable(input.runs),
    `<div class="charts">${deviceHoursChart(input.runs)}</div>`,
    // Only runs with a defragmenter add a section: every other report stays as it was, byte for byte.
    ...(input.runs.some((r) => r.result.defrag !== undefined) ? [defragTable(input.runs)] : []),
    '<h2>Allocation over time</h2>',
    `<div class="charts">${input.runs.map((r, i) => timelineChart(r, `tl${i}`)).join('')}</div>`,
    '<h2>Per accelerator model</h2>',
    input.runs.map(perModelTable).join(''),
    '<h2>Per team</h2>',
    input.runs.map(perTeamTable).join(''),
    '</main><footer><h2>Assumptions</h2><ul>',
    input.assumptions.map((a) => `<li>${escapeHtml(a)}</li>`).join(''),
    '</ul></footer></div></body></html>',
  ];
  return parts.join('\n') + '\n';
}
