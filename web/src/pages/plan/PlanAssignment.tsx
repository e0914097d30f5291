/** Which chips serve which demand line: per quarter, the nodes' worth of time given to the line and what it serves. */
import type { ReactNode } from 'react';
import { DataTable } from '../../components/DataTable';
import { fmt } from '../../components/format';
import { quarterLabels } from './plan-series';
import type { Plan } from './plan-types';

export function PlanAssignment({ plan }: { plan: Plan }): ReactNode {
  const rows = plan.assignment.flatMap((a) => [
    [`${a.line} (${a.unit})`, 'demand', ...a.demand.map((d) => fmt(d, 1))],
    ...a.chips.map((c) => [
      a.line,
      c.accelerator,
      ...c.nodes.map((n, q) => `${fmt(n, 2)} nodes → ${fmt(c.served[q], 1)}`),
    ]),
  ]);
  return (
    <section aria-labelledby="plan-assignment">
      <h3 id="plan-assignment">Assignment</h3>
      <DataTable
        testId="plan-assignment-table"
        caption="Demand per line, and per chip the nodes given to it and what they serve, per quarter"
        columns={['line', 'chip', ...quarterLabels(plan.quarters)]}
        rows={rows}
      />
    </section>
  );
}
