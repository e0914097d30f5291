/**
 * @module report/plan-report
 * Self-contained HTML report of a plan (`hyperfleet plan --report`): on one page, the answer a capacity planner
 * asks for — the headline (status, total cost of ownership, capital against energy, peak facility power against
 * the site's cap, the simulation check's verdict), the mix bought and owned per quarter, the cost per quarter,
 * which chip serves which demand line, the binding constraints with their prices (or why no plan exists), the
 * proof by simulation, the coefficients that let a reader verify the optimum, the scenarios and the frontier of
 * cost against power when the plan has them, and the assumptions verbatim.
 */
import { ChartIds } from './experiment-figure.js';
import { dataTable } from './html-table.js';
import { formatGrouped, formatMW, formatPercent, formatUsd } from './number-format.js';
import { escapeHtml, REPORT_CSS } from './page.js';
import { iterationsTable, servicesTable, trainingTable } from './plan-check-tables.js';
import { paretoFigure, paretoTable } from './plan-pareto.js';
import { chipColours, costFigure, mixFigure } from './plan-quarter-figures.js';
import {
  peakFacilityMW,
  siteCapMW,
  type PlanReportContext,
  type PlanReportPlan,
} from './plan-report-input.js';
import { scenariosTable } from './plan-scenarios.js';
import {
  assignmentTable,
  bindingTable,
  coefficientsTable,
  costTable,
  layoutsTable,
  mixTable,
  reasonsTable,
} from './plan-tables.js';

interface Section {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

const share = (part: number | null, whole: number | null) =>
  part !== null && whole !== null && whole > 0 ? ` (${formatPercent((100 * part) / whole)})` : '';

function headline(plan: PlanReportPlan, context: PlanReportContext, capMW: number | null): string {
  const rows: string[][] = [];
  if (plan.status === 'optimal') {
    rows.push(
      [
        'Status',
        `optimal within a ${formatGrouped(plan.solver.mipRelGap * 100, 2)} % gap (${plan.solver.name} ` +
          `${plan.solver.version}, ${formatGrouped(plan.solver.seconds, 1)} s)`,
      ],
      [
        'Total cost of ownership',
        `${formatUsd(plan.objectiveUsd)} over ${plan.quarters} quarter${plan.quarters === 1 ? '' : 's'}`,
      ],
      [
        'Capital vs energy',
        `capital ${formatUsd(plan.capitalUsd)}${share(plan.capitalUsd, plan.objectiveUsd)}, ` +
          `energy ${formatUsd(plan.energyUsd)}${share(plan.energyUsd, plan.objectiveUsd)}`,
      ],
    );
    const budget = context.demand?.budget.totalUsd;
    if (budget !== undefined)
      rows.push([
        'Capital vs budget',
        `${formatUsd(plan.capitalUsd)} of ${formatUsd(budget)}${share(plan.capitalUsd, budget)}`,
      ]);
    const peak = peakFacilityMW(plan);
    rows.push([
      'Peak facility power vs site cap',
      capMW === null
        ? `${formatMW(peak)} (no site cap)`
        : `${formatMW(peak)} of a ${formatMW(capMW)} cap${share(peak, capMW)}`,
    ]);
    rows.push([
      'Binding constraints',
      plan.binding.length === 0 ? 'none' : plan.binding.map((b) => b.description).join('; '),
    ]);
  } else {
    rows.push(
      ['Status', 'infeasible: no plan meets the demand under its constraints'],
      ['Why', plan.reasons.map((r) => r.message).join('; ')],
    );
  }
  rows.push([
    'Simulation check',
    plan.check
      ? `${plan.check.verdict === 'meets' ? 'meets every SLO and training line' : 'FAILS'} after ` +
        `${plan.check.iterations.length} solve${plan.check.iterations.length === 1 ? '' : 's'} (seed ${plan.check.seed})`
      : 'not run',
  ]);
  return dataTable(['Question', 'Answer'], rows, `The plan for ${plan.demandFile} in brief.`, {
    prose: true,
  });
}

function sections(plan: PlanReportPlan, context: PlanReportContext, capMW: number | null): Section[] {
  const ids = new ChartIds();
  const colours = chipColours(
    [plan, ...(plan.scenarios ?? [])],
    plan.pareto ? plan.pareto.points.flatMap((p) => Object.keys(p.nodesOwned)) : [],
  );
  const out: Section[] = [];
  if (plan.status === 'optimal') {
    out.push(
      {
        id: 'mix',
        title: 'Mix per quarter',
        body: `<div class="charts">${mixFigure(plan, colours, ids)}</div>${mixTable(plan, colours)}`,
      },
      {
        id: 'cost',
        title: 'Cost and power per quarter',
        body: `<div class="charts">${costFigure(plan, ids)}</div>${costTable(plan, capMW)}`,
      },
      { id: 'assignment', title: 'Which chip serves which demand', body: assignmentTable(plan, colours) },
      { id: 'constraints', title: 'Binding constraints and their prices', body: bindingTable(plan) },
    );
  } else {
    out.push({ id: 'constraints', title: 'Why no plan exists', body: reasonsTable(plan) });
  }
  if (plan.check) {
    out.push({
      id: 'check',
      title: 'Proof by simulation',
      body:
        `<h3>Serving SLOs</h3>${servicesTable(plan.check, context)}` +
        (plan.check.training.length > 0 ? `<h3>Training coverage</h3>${trainingTable(plan.check)}` : '') +
        `<h3>Iterations</h3>${iterationsTable(plan.check)}` +
        `<ul class="notes">${plan.check.method.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>`,
    });
  }
  if (plan.chips.length > 0 || plan.inference.length > 0)
    out.push({
      id: 'coefficients',
      title: 'Per-node coefficients',
      body:
        (plan.chips.length > 0 ? coefficientsTable(plan, colours) : '') +
        (plan.inference.length > 0 ? `<h3>Serving layouts</h3>${layoutsTable(plan, colours)}` : ''),
    });
  if (plan.scenarios && plan.scenarios.length > 0)
    out.push({ id: 'scenarios', title: 'Scenarios', body: scenariosTable(plan, plan.scenarios, colours) });
  if (plan.pareto)
    out.push({
      id: 'pareto',
      title: 'Cost against facility power',
      body:
        `<div class="charts">${paretoFigure(plan.pareto, ids)}</div>` +
        paretoTable(plan.pareto, [...colours.keys()]),
    });
  return out;
}

/** Renders a plan as one self-contained HTML page (no scripts, no external resources). */
export function renderPlanReport(plan: PlanReportPlan, context: PlanReportContext = {}): string {
  const title = escapeHtml(context.title ?? `hyperfleet plan — ${plan.demandFile}`);
  const capMW = siteCapMW(plan, context);
  const body = sections(plan, context, capMW);
  const notes = [
    ...(plan.existingFile ? [`Existing fleet: ${plan.existingFile}.`] : []),
    ...plan.unpriced.map((u) => u.message),
  ];
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title><style>${REPORT_CSS}</style></head><body><div class="page">`,
    `<header><h1>${title}</h1>`,
    notes.length > 0
      ? `<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
      : '',
    headline(plan, context, capMW),
    '<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2><ol>',
    [...body.map((s) => ({ id: s.id, title: s.title })), { id: 'assumptions', title: 'Assumptions' }]
      .map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`)
      .join(''),
    '</ol></nav></header><main>',
    ...body.map((s) => `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>${s.body}</section>`),
    '</main><footer><h2 id="assumptions">Assumptions</h2><ul>',
    plan.assumptions.map((a) => `<li>${escapeHtml(a)}</li>`).join(''),
    '</ul></footer></div></body></html>',
  ];
  return parts.join('\n') + '\n';
}
