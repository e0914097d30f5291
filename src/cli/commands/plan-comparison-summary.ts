/**
 * @module cli/commands/plan-comparison-summary
 * The readable comparisons of `hyperfleet plan`: the plan as written beside each scenario (cost, peak power, the
 * mix in the last quarter, the simulation check's verdict, what the scenario changed), and the frontier of total
 * cost against facility power.
 */
import type { ParetoFrontier, PlanRun } from '../../plan/index.js';
import { num, table, usd } from './plan-summary.js';

type Comparable = Omit<PlanRun, 'scenarios' | 'pareto'>;

/** Nodes owned per chip in the last quarter, the chips it owns none of left out: `nvidia-h20 1,200 · …`. */
function mix(r: Comparable): string {
  const last = r.quarters - 1;
  const owned = r.chips.filter((c) => (c.nodesOwned[last] ?? 0) > 0);
  return owned.length === 0
    ? '—'
    : owned.map((c) => `${c.accelerator} ${num(c.nodesOwned[last])}`).join(' · ');
}

const verdict = (r: Comparable) => (r.check === undefined ? 'not checked' : r.check.verdict);

export function scenarioSummary(r: PlanRun): string[] {
  if (!r.scenarios || r.scenarios.length === 0) return [];
  const rows = [
    { name: 'as written', run: r as Comparable },
    ...r.scenarios.map((s) => ({ name: s.name, run: s })),
  ];
  const out = [
    'Scenarios (the plan as written first; nodes owned in the last quarter):',
    ...table([
      ['scenario', 'status', 'total cost', 'capital', 'energy', 'peak MW', 'check', 'mix'],
      ...rows.map(({ name, run }) =>
        run.status === 'optimal'
          ? [
              name,
              run.status,
              usd(run.objectiveUsd ?? 0),
              usd(run.capitalUsd ?? 0),
              usd(run.energyUsd ?? 0),
              num(Math.max(...run.facilityMW), 1),
              verdict(run),
              mix(run),
            ]
          : [name, run.status, '—', '—', '—', '—', '—', '—'],
      ),
    ]),
  ];
  for (const s of r.scenarios) {
    out.push(`  ${s.name}: ${s.changes.join('; ')}`);
    if (s.status === 'infeasible')
      out.push(`    cannot be met: ${s.reasons.map((x) => x.message).join('; ')}`);
  }
  return out;
}

export function paretoSummary(p: ParetoFrontier | undefined): string[] {
  if (!p) return [];
  if (p.points.length === 0) return ['Cost against facility power: no plan meets the demand at any cap.'];
  const cap = p.siteCapMW === null ? 'no site cap' : `site cap ${num(p.siteCapMW, 1)} MW`;
  return [
    `Cost against facility power (${cap}; least power any plan needs: ${
      p.minFeasibleMW === null ? 'unknown' : `${num(p.minFeasibleMW, 1)} MW`
    }):`,
    ...table([
      ['cap MW', 'peak MW', 'total cost', 'capital', 'energy'],
      ...p.points.map((x) =>
        x.status === 'optimal'
          ? [
              num(x.powerCapMW, 1),
              num(x.peakFacilityMW ?? 0, 1),
              usd(x.objectiveUsd ?? 0),
              usd(x.capitalUsd ?? 0),
              usd(x.energyUsd ?? 0),
            ]
          : [num(x.powerCapMW, 1), 'infeasible', '—', '—', '—'],
      ),
    ]),
  ];
}
