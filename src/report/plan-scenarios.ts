/**
 * @module report/plan-scenarios
 * The scenarios side by side: one column per plan, the base plan (the demand as written) first, then each
 * scenario with what it changed — its status, total cost (capital and energy), peak facility power, the mix in
 * the last quarter and the simulation check's verdict — so a planner sees what an export ban or a slower chip costs.
 */
import type { PlanRun } from '../plan/index.js';
import { dataTable, type TableCell } from './html-table.js';
import { formatGrouped, formatMW, formatUsd } from './number-format.js';
import { escapeHtml } from './page.js';
import { chipSwatch } from './plan-quarter-figures.js';
import { peakFacilityMW, type PlanScenario } from './plan-report-input.js';

const lastOwned = (plan: PlanRun, accelerator: string) => {
  const chip = plan.chips.find((c) => c.accelerator === accelerator);
  return chip && chip.nodesOwned.length > 0 ? chip.nodesOwned[chip.nodesOwned.length - 1] : 0;
};

export function scenariosTable(
  base: PlanRun,
  scenarios: readonly PlanScenario[],
  colours: Map<string, string>,
): string {
  const plans: { name: string; changes: readonly string[]; plan: PlanRun }[] = [
    { name: 'base plan', changes: ['none: the demand file as written'], plan: base },
    ...scenarios.map((s) => ({ name: s.name, changes: s.changes, plan: s })),
  ];
  const optimal = (p: PlanRun, cell: () => TableCell): TableCell => (p.status === 'optimal' ? cell() : '—');
  const rows: TableCell[][] = [
    [
      'Changes',
      ...plans.map((p) => ({
        html: p.changes.map(escapeHtml).join('<br>') || 'none',
      })),
    ],
    ['Status', ...plans.map((p) => p.plan.status)],
    ['Total cost', ...plans.map((p) => formatUsd(p.plan.objectiveUsd))],
    ['Capital', ...plans.map((p) => formatUsd(p.plan.capitalUsd))],
    ['Energy', ...plans.map((p) => formatUsd(p.plan.energyUsd))],
    ['Peak facility power', ...plans.map((p) => optimal(p.plan, () => formatMW(peakFacilityMW(p.plan))))],
    ...[...colours.keys()].map((id): TableCell[] => [
      { html: `${chipSwatch(colours.get(id))}${escapeHtml(id)} nodes, last quarter` },
      ...plans.map((p) => optimal(p.plan, () => formatGrouped(lastOwned(p.plan, id)))),
    ]),
    ['Simulation check', ...plans.map((p) => p.plan.check?.verdict ?? 'not run')],
    ['Why infeasible', ...plans.map((p) => p.plan.reasons.map((r) => r.message).join('; ') || '—')],
  ];
  return dataTable(
    ['', ...plans.map((p) => p.name)],
    rows,
    'The base plan and each scenario, solved in full: what the scenario changed and what its plan costs, ' +
      'draws and buys.',
    { prose: true },
  );
}
