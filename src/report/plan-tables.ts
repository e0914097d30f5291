/**
 * @module report/plan-tables
 * The plan's tables: nodes bought and owned per chip and quarter, cost and power per quarter, which chip serves
 * which demand line, the binding constraints with their prices (or, for an infeasible plan, the constraints that
 * prevent it and by how much), and the programme's coefficients per node — enough to check the optimum by hand.
 */
import type { PlanRun } from '../plan/index.js';
import { dataTable, type TableCell } from './html-table.js';
import { formatGrouped, formatMW, formatUsd } from './number-format.js';
import { escapeHtml } from './page.js';
import { chipSwatch, quarterNames } from './plan-quarter-figures.js';
import { energyUsdPerQuarter } from './plan-report-input.js';

const count = (n: number) => formatGrouped(n);
/** Nodes' worth of time given to a line: fractions of a node, to two decimals. */
const share = (n: number) => formatGrouped(n, 2);
/** A demand or capacity figure in its line's unit: device-hours are large, requests/s small. */
const amount = (v: number) => formatGrouped(v, Math.abs(v) >= 1000 ? 0 : 2);

function chipCell(accelerator: string, colours: Map<string, string>): TableCell {
  return { html: `${chipSwatch(colours.get(accelerator))}${escapeHtml(accelerator)}` };
}

export function mixTable(plan: PlanRun, colours: Map<string, string>): string {
  const quarters = quarterNames(plan);
  return dataTable(
    ['Chip', 'Devices per node', 'Existing nodes', ...quarters.flatMap((q) => [`${q} bought`, `${q} owned`])],
    plan.chips.map((c) => [
      chipCell(c.accelerator, colours),
      count(c.devicesPerNode),
      count(c.existingNodes),
      ...c.nodesBought.flatMap((b, q) => [count(b), count(c.nodesOwned[q])]),
    ]),
    'Whole nodes bought in each quarter and owned at its end (existing + bought so far); nodes bought in a ' +
      'quarter serve from that quarter on.',
  );
}

export function costTable(plan: PlanRun, capMW: number | null): string {
  const energy = energyUsdPerQuarter(plan);
  const amortised = plan.amortisedCostUsdPerQuarter;
  const racks = plan.racksUsed;
  const rows: TableCell[][] = quarterNames(plan).map((q, i) => [
    q,
    formatUsd(plan.capitalSpentUsd[i]),
    formatUsd(energy[i]),
    formatUsd(plan.capitalSpentUsd[i] + energy[i]),
    ...(amortised ? [formatUsd(amortised[i])] : []),
    formatMW(plan.facilityMW[i]),
    ...(racks ? [count(racks[i])] : []),
  ]);
  rows.push([
    'All quarters',
    formatUsd(plan.capitalUsd),
    formatUsd(plan.energyUsd),
    formatUsd(plan.objectiveUsd),
    ...(amortised ? [formatUsd(plan.amortisedCostUsd)] : []),
    capMW === null ? 'no cap' : `cap ${formatMW(capMW)}`,
    ...(racks ? [''] : []),
  ]);
  return dataTable(
    [
      'Quarter',
      'Capital',
      'Energy',
      'Total',
      ...(amortised ? ['Amortised cost'] : []),
      'Facility power',
      ...(racks ? ['Racks used'] : []),
    ],
    rows,
    'Capital spent and energy cost per quarter (the total is the plan’s objective), the amortised cost a finance ' +
      'team books (each node written off over the amortisation years, plus energy), the facility power the owned ' +
      'nodes draw (IT power × PUE) and, when the site counts racks, the racks they fill.',
  );
}

export function assignmentTable(plan: PlanRun, colours: Map<string, string>): string {
  const quarters = quarterNames(plan);
  const rows: TableCell[][] = [];
  for (const a of plan.assignment) {
    rows.push([
      { html: `<b>${escapeHtml(a.line)}</b>` },
      a.unit,
      'demand',
      ...a.demand.flatMap((d) => ['', amount(d)]),
    ]);
    for (const c of a.chips)
      rows.push([
        a.line,
        a.unit,
        chipCell(c.accelerator, colours),
        ...c.nodes.flatMap((n, q) => [share(n), amount(c.served[q])]),
      ]);
  }
  return dataTable(
    ['Demand line', 'Unit', 'Chip', ...quarters.flatMap((q) => [`${q} nodes`, `${q} served`])],
    rows,
    'For each demand line, its demand per quarter and each chip that serves it: the nodes’ worth of time given ' +
      'to the line (a node’s time is split across lines at most once) and what that serves, in the line’s unit.',
  );
}

const where = (c: { quarter?: number; accelerator?: string; line?: string }) =>
  [c.quarter !== undefined ? `Q${c.quarter}` : 'all quarters', c.accelerator, c.line]
    .filter((s) => s !== undefined)
    .join(', ');

/** A limit in its unit: money and power in their readable units, other counts grouped. */
function limitText(v: number, unit: string): string {
  if (unit === 'USD') return formatUsd(v);
  if (unit === 'MW') return formatMW(v);
  return `${Number.isInteger(v) ? formatGrouped(v) : amount(v)} ${unit}`;
}

export function bindingTable(plan: PlanRun): string {
  if (plan.binding.length === 0)
    return '<p>No constraint binds: the plan is the cheapest whatever the budget, power cap and supply.</p>';
  return dataTable(
    ['Constraint', 'Where', 'Limit', 'Priced step', 'Saving per step', 'In words'],
    plan.binding.map((b) => [
      b.constraint,
      where(b),
      limitText(b.limit, b.unit),
      limitText(b.step, b.unit),
      formatUsd(b.priceUsd),
      b.description,
    ]),
    'Constraints at their limit, and how much the total cost of ownership falls with one more step of each.',
    { prose: true },
  );
}

export function reasonsTable(plan: PlanRun): string {
  return dataTable(
    ['Constraint', 'Where', 'Limit', 'The cheapest feasible plan needs', 'In words'],
    plan.reasons.map((r) => [
      r.constraint,
      where(r),
      limitText(r.limit, r.unit),
      limitText(r.needs, r.unit),
      r.message,
    ]),
    'The constraints that make the demand infeasible, and what each would have to be for a plan to exist.',
    { prose: true },
  );
}

export function coefficientsTable(plan: PlanRun, colours: Map<string, string>): string {
  return dataTable(
    [
      'Chip',
      'Capital per node',
      'Energy per node per quarter',
      'Facility kW per node',
      ...plan.assignment.map((a) => ({
        html: `${escapeHtml(a.line)}<br><span class="unit">${escapeHtml(a.unit)} per node</span>`,
      })),
    ],
    plan.chips.map((c) => [
      chipCell(c.accelerator, colours),
      c.perNode.capitalUsd === null ? 'no price' : formatUsd(c.perNode.capitalUsd),
      formatUsd(c.perNode.energyUsdPerQuarter),
      formatGrouped(c.perNode.facilityKw, 2),
      ...plan.assignment.map((a) => amount(c.perNode.capacity[a.line] ?? 0)),
    ]),
    'The programme’s coefficients: what one node costs and draws, and what it serves of each demand line ' +
      '(reference device-hours per quarter for training, requests/s at the SLO for inference). Total cost = ' +
      'Σ nodes bought × capital + Σ nodes owned × energy per quarter.',
  );
}

/** Per service and chip: the layout one node runs at the SLO, or why the chip serves none of it. */
export function layoutsTable(plan: PlanRun, colours: Map<string, string>): string {
  const ms = (sec: number | undefined) => (sec === undefined ? '—' : `${formatGrouped(sec * 1000, 1)} ms`);
  return dataTable(
    [
      'Service',
      'Chip',
      'Requests/s per node',
      'Tensor parallel',
      'Replicas',
      'Batch',
      'TTFT',
      'TPOT',
      'Note',
    ],
    plan.inference.map((l) => [
      l.line,
      chipCell(l.accelerator, colours),
      amount(l.requestsPerSecPerNode),
      l.tensorParallel === undefined ? '—' : count(l.tensorParallel),
      l.replicas === undefined ? '—' : count(l.replicas),
      l.batch === undefined ? '—' : count(l.batch),
      ms(l.ttftSec),
      ms(l.tpotSec),
      l.reason ??
        (l.perfModelRequestsPerSecPerNode !== undefined
          ? `lowered by the simulation check from ${amount(l.perfModelRequestsPerSecPerNode)}`
          : ''),
    ]),
    'How one node of each chip serves each service at its SLO (mean TTFT and TPOT at a steady batch, from the ' +
      'performance model), or why it serves none.',
  );
}
