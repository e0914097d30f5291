/** Scenarios side by side with the plan as written: what each changed, its status, costs, peak power and mix. */
import type { ReactNode } from 'react';
import { DataTable } from '../../components/DataTable';
import { fmt, fmtInt } from '../../components/format';
import { finalNodes, peakFacilityMW } from './plan-series';
import type { Plan, Scenario } from './plan-types';

export function PlanScenarios({ base, scenarios }: { base: Plan; scenarios: Scenario[] }): ReactNode {
  const plans: { name: string; changes: string[]; plan: Plan }[] = [
    { name: 'as written', changes: [], plan: base },
    ...scenarios.map((s) => ({ name: s.name, changes: s.changes, plan: s })),
  ];
  const chips = [...new Set(plans.flatMap((p) => p.plan.chips.map((c) => c.accelerator)))];
  const mixes = plans.map((p) => finalNodes(p.plan));
  const row = (label: string, cell: (p: (typeof plans)[number], i: number) => ReactNode) => [
    label,
    ...plans.map(cell),
  ];
  return (
    <section aria-labelledby="plan-scenarios">
      <h3 id="plan-scenarios">Scenarios</h3>
      <DataTable
        testId="plan-scenarios-table"
        caption="The plan as written and each scenario, side by side"
        columns={['', ...plans.map((p) => p.name)]}
        rows={[
          row('changes', (p) => (p.changes.length > 0 ? p.changes.join('; ') : 'the demand file as written')),
          row('status', (p) =>
            p.plan.status === 'infeasible'
              ? `infeasible: ${p.plan.reasons.map((r) => r.message).join('; ')}`
              : p.plan.status,
          ),
          row('total cost (USD)', (p) => fmtInt(p.plan.objectiveUsd)),
          row('capital (USD)', (p) => fmtInt(p.plan.capitalUsd)),
          row('energy (USD)', (p) => fmtInt(p.plan.energyUsd)),
          row('peak facility power (MW)', (p) => fmt(peakFacilityMW(p.plan), 2)),
          ...chips.map((chip) =>
            row(`${chip} nodes (last quarter)`, (p, i) =>
              p.plan.status === 'infeasible' ? '—' : fmtInt(mixes[i][chip] ?? 0),
            ),
          ),
          row('simulation check', (p) => p.plan.check?.verdict ?? 'not run'),
        ]}
      />
    </section>
  );
}
