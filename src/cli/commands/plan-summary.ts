/**
 * @module cli/commands/plan-summary
 * The readable answer of `hyperfleet plan`: the mix per quarter (nodes bought / owned per chip), the cost per
 * quarter (capital, energy, the amortised run-rate), facility MW and racks used, what one node of each chip is
 * worth (so the optimum can be checked by hand), which chips serve which demand line, the binding constraints with
 * their prices, and the assumptions — or, when the demand cannot be met, the constraints that prevent it and by
 * how much.
 */
import type { PlanRun } from '../../plan/index.js';
import { checkSummary } from './plan-check-summary.js';
import { paretoSummary, scenarioSummary } from './plan-comparison-summary.js';

export const num = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Money in the unit that keeps it readable: 1.23 bn USD, 45.6 M USD, 7,800 USD. */
export function usd(x: number): string {
  if (Math.abs(x) >= 1e9) return `${num(x / 1e9, 2)} bn USD`;
  if (Math.abs(x) >= 1e6) return `${num(x / 1e6, 1)} M USD`;
  return `${num(x)} USD`;
}

/** Rows as aligned columns: the first left-aligned, the others right-aligned. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map(
    (r) =>
      '  ' + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '),
  );
}

export function planSummary(r: PlanRun): string {
  const quarters = Array.from({ length: r.quarters }, (_, q) => `Q${q}`);
  const out: string[] = [];
  if (r.status === 'infeasible') {
    out.push(`Plan for ${r.demandFile}: infeasible — the demand cannot be met:`);
    out.push(...r.reasons.map((reason) => `  - ${reason.message}`));
  } else {
    const objective = r.objectiveUsd ?? 0;
    out.push(
      `Plan for ${r.demandFile}: optimal within a ${num(r.solver.mipRelGap * 100, 2)} % gap, ` +
        `${r.quarters} quarter${r.quarters === 1 ? '' : 's'}, total cost ${usd(objective)} ` +
        `(capital ${usd(r.capitalUsd ?? 0)}, energy ${usd(r.energyUsd ?? 0)})`,
      '',
      'Nodes bought / owned per quarter:',
      ...table([
        ['chip', 'devices/node', ...quarters],
        ...r.chips.map((c) => [
          c.accelerator,
          String(c.devicesPerNode),
          ...c.nodesBought.map((b, q) => `${num(b)} / ${num(c.nodesOwned[q])}`),
        ]),
      ]),
      '',
      'Cost and power per quarter:',
      ...table([
        ['', ...quarters],
        ['capital', ...r.capitalSpentUsd.map(usd)],
        [
          'energy',
          ...quarters.map((_, q) =>
            usd(r.chips.reduce((s, c) => s + c.nodesOwned[q] * c.perNode.energyUsdPerQuarter, 0)),
          ),
        ],
        ['facility MW', ...r.facilityMW.map((mw) => num(mw, 2))],
        ...(r.racksUsed !== null ? [['racks used', ...r.racksUsed.map((n) => num(n))]] : []),
        ...(r.amortisedCostUsdPerQuarter !== null
          ? [['amortised cost', ...r.amortisedCostUsdPerQuarter.map(usd)]]
          : []),
      ]),
      '',
      'Per node (the programme’s coefficients):',
      ...table([
        ['chip', 'capital', 'energy/quarter', 'facility kW', ...r.assignment.map((a) => a.line)],
        ...r.chips.map((c) => [
          c.accelerator,
          c.perNode.capitalUsd === null ? 'no price' : usd(c.perNode.capitalUsd),
          usd(c.perNode.energyUsdPerQuarter),
          num(c.perNode.facilityKw, 2),
          ...r.assignment.map((a) => num(c.perNode.capacity[a.line] ?? 0, 2)),
        ]),
      ]),
      '',
      'Demand served (nodes given to it / served, per quarter):',
    );
    for (const a of r.assignment) {
      out.push(`  ${a.line} (${a.unit}): demand ${a.demand.map((d) => num(d, 1)).join(' / ')}`);
      for (const c of a.chips) {
        const cells = c.nodes.map((n, q) => `${num(n, 1)} → ${num(c.served[q], 1)}`);
        out.push(`    ${c.accelerator}: ${cells.join(' | ')}`);
      }
    }
    out.push('', 'Binding constraints:');
    out.push(...(r.binding.length > 0 ? r.binding.map((b) => `  - ${b.description}`) : ['  none']));
  }
  const unserved = r.inference.filter((l) => l.requestsPerSecPerNode === 0);
  if (unserved.length > 0) {
    out.push('', 'Chips that cannot serve a service:');
    out.push(...unserved.map((l) => `  - ${l.accelerator} for ${l.line}: ${l.reason ?? 'no capacity'}`));
  }
  if (r.check) out.push('', ...checkSummary(r.check));
  for (const part of [scenarioSummary(r), paretoSummary(r.pareto)])
    if (part.length > 0) out.push('', ...part);
  out.push('', 'Assumptions:', ...r.assumptions.map((a) => `  - ${a}`), '');
  return out.join('\n');
}
