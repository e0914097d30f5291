/** Nodes per chip and quarter: owned as stacked bars, and bought / owned in a table, as the CLI prints them. */
import { useMemo, type ReactNode } from 'react';
import { Chart } from '../../charts/Chart';
import { DataTable } from '../../components/DataTable';
import { fmtInt } from '../../components/format';
import { mixOption } from './plan-charts';
import { quarterLabels } from './plan-series';
import type { Plan } from './plan-types';

export function PlanMix({ plan }: { plan: Plan }): ReactNode {
  const option = useMemo(() => mixOption(plan), [plan]);
  return (
    <section aria-labelledby="plan-mix">
      <h3 id="plan-mix">Mix per quarter</h3>
      <Chart
        types={['bar']}
        option={option}
        label="Nodes owned per chip and quarter"
        testId="chart-plan-mix"
      />
      <DataTable
        testId="plan-mix-table"
        caption="Nodes bought / owned per chip and quarter"
        columns={['chip', 'devices per node', 'existing', ...quarterLabels(plan.quarters)]}
        rowKeys={plan.chips.map((c) => c.accelerator)}
        rowAttributes={(i) => ({ 'data-chip': plan.chips[i].accelerator })}
        rows={plan.chips.map((c) => [
          c.accelerator,
          fmtInt(c.devicesPerNode),
          fmtInt(c.existingNodes),
          ...c.nodesBought.map((b, q) => `${fmtInt(b)} / ${fmtInt(c.nodesOwned[q])}`),
        ])}
      />
      <p className="muted">
        Cells: nodes bought in the quarter / owned at its end (existing + bought so far).
      </p>
    </section>
  );
}
