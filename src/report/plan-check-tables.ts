/**
 * @module report/plan-check-tables
 * The plan's proof by simulation: per quarter and service the attainment against the SLO's percentile and the
 * TTFT / TPOT at that percentile against the SLO, with the p-value and the verdict; per quarter and training line
 * the coverage (and whatever else the check measured of it); and each iteration of the check — what it cost, the
 * nodes it added, which services failed and which capacities it lowered for the next solve.
 */
import type { PlanCheck } from '../plan/index.js';
import { dataTable, type TableCell } from './html-table.js';
import { formatGrouped, formatPercent, formatUsd } from './number-format.js';
import type { PlanReportContext } from './plan-report-input.js';

const ms = (sec: number) => `${formatGrouped(sec * 1000, 1)} ms`;
/** A p-value: two significant figures, as statisticians read it. */
const pValue = (p: number) => (Number.isFinite(p) ? p.toPrecision(2) : 'n/a');
/** A measured figure against its limit, `1,487.6 ms ≤ 2,000.0 ms`, or the figure alone when no limit is known. */
const against = (value: string, limit: string | undefined, within: boolean, sign: '≤' | '≥' = '≤') =>
  limit === undefined ? value : `${value} ${within ? sign : sign === '≤' ? '>' : '<'} ${limit}`;

export function servicesTable(check: PlanCheck, context: PlanReportContext): string {
  const slos = new Map((context.demand?.inference ?? []).map((l) => [l.name, l.slo]));
  return dataTable(
    [
      'Service',
      'Quarter',
      'Peak requests/s',
      'Requests simulated',
      'Attainment vs percentile',
      'TTFT at the percentile vs SLO',
      'TPOT at the percentile vs SLO',
      'p-value',
      'Verdict',
    ],
    check.services.map((s) => {
      const slo = slos.get(s.service);
      return [
        s.service,
        `Q${s.quarter}`,
        formatGrouped(s.peakRequestsPerSec, 2),
        formatGrouped(s.requests),
        against(
          formatPercent(s.attainment * 100),
          `p${s.percentile}`,
          s.attainment * 100 >= s.percentile,
          '≥',
        ),
        against(ms(s.ttftSec), slo && ms(slo.ttftSec), slo !== undefined && s.ttftSec <= slo.ttftSec),
        against(ms(s.tpotSec), slo && ms(slo.tpotSec), slo !== undefined && s.tpotSec <= slo.tpotSec),
        pValue(s.pValue),
        s.verdict,
      ];
    }),
    'Each service replayed at its peak on the chosen fleet: the share of requests within both SLOs (attainment) ' +
      'against the SLO’s percentile, TTFT and TPOT at that percentile, and the p-value of the attainment ' +
      'falling short of the percentile.',
  );
}

/** The coverage figures every training check has; any other field it carries gets a column of its own. */
const TRAINING_FIELDS = new Set([
  'quarter',
  'line',
  'demandDeviceHours',
  'deliveredDeviceHours',
  'coverage',
  'verdict',
]);

function extraCell(v: unknown): TableCell {
  if (typeof v === 'number') return formatGrouped(v, Number.isInteger(v) ? 0 : 2);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  return v === undefined || v === null ? '—' : JSON.stringify(v);
}

export function trainingTable(check: PlanCheck): string {
  const extras = [
    ...new Set(check.training.flatMap((t) => Object.keys(t).filter((k) => !TRAINING_FIELDS.has(k)))),
  ];
  return dataTable(
    ['Training line', 'Quarter', 'Demand', 'Delivered', 'Coverage', ...extras, 'Verdict'],
    check.training.map((t) => [
      t.line,
      `Q${t.quarter}`,
      formatGrouped(t.demandDeviceHours),
      formatGrouped(t.deliveredDeviceHours),
      formatPercent(t.coverage * 100),
      ...extras.map((k) => extraCell((t as unknown as Record<string, unknown>)[k])),
      t.verdict,
    ]),
    'Reference device-hours each training line asks for and the share of nodes given to it delivers, per quarter.',
  );
}

export function iterationsTable(check: PlanCheck): string {
  return dataTable(
    [
      'Iteration',
      'Status',
      'Total cost',
      'Nodes added',
      'Failed checks',
      'Capacity lowered for the next solve',
    ],
    check.iterations.map((it) => {
      const added = Object.entries(it.nodesAdded)
        .filter(([, n]) => n !== 0)
        .map(([id, n]) => `${id} ${n > 0 ? '+' : '−'}${formatGrouped(Math.abs(n))}`);
      const failed = [
        ...it.services.filter((s) => s.verdict === 'fails').map((s) => `${s.service} Q${s.quarter}`),
        ...it.training.filter((t) => t.verdict === 'fails').map((t) => `${t.line} Q${t.quarter}`),
      ];
      const changes = it.changes.map(
        (c) =>
          `${c.service} on ${c.accelerator}: ${formatGrouped(c.fromRequestsPerSec, 2)} → ` +
          `${formatGrouped(c.toRequestsPerSec, 2)} requests/s per node`,
      );
      return [
        it.iteration,
        it.status,
        formatUsd(it.objectiveUsd),
        added.join(', ') || 'none',
        failed.join(', ') || 'none',
        changes.join('; ') || 'none',
      ];
    }),
    'Each solve of the check: the first is the plan as the performance model sized it; a failed SLO lowers that ' +
      'chip’s capacity for the service to what the simulation showed one node serves, and the plan is solved again.',
    { prose: true },
  );
}
