/** The Pareto frontier of total cost against the facility power cap, the site's cap marked, and its points. */
import { useMemo, type ReactNode } from 'react';
import { Chart } from '../../charts/Chart';
import { DataTable } from '../../components/DataTable';
import { fmt, fmtInt } from '../../components/format';
import { paretoOption } from './plan-charts';
import type { PlanPareto as Pareto } from './plan-types';

export function PlanPareto({ pareto }: { pareto: Pareto }): ReactNode {
  const option = useMemo(() => paretoOption(pareto), [pareto]);
  const points = [...pareto.points].sort((a, b) => a.powerCapMW - b.powerCapMW);
  const chips = [...new Set(points.flatMap((p) => Object.keys(p.nodesOwned)))];
  return (
    <section aria-labelledby="plan-pareto">
      <h3 id="plan-pareto">Cost against facility power</h3>
      <p className="muted">
        {pareto.method} The cheapest feasible plan needs {fmt(pareto.minFeasibleMW, 2)} MW; without a cap it
        draws {fmt(pareto.uncappedMW, 2)} MW
        {pareto.siteCapMW === null
          ? '; the site has no cap.'
          : `; the site's cap is ${fmt(pareto.siteCapMW, 2)} MW.`}
      </p>
      <Chart
        types={['line', 'markLine']}
        option={option}
        label="Total cost (USD) against the facility power cap (MW)"
        testId="chart-plan-pareto"
      />
      <DataTable
        testId="plan-pareto-table"
        caption="The frontier's points"
        columns={[
          'power cap (MW)',
          'status',
          'total cost (USD)',
          'capital (USD)',
          'energy (USD)',
          'peak (MW)',
          ...chips.map((c) => `${c} nodes`),
        ]}
        rows={points.map((p) => [
          fmt(p.powerCapMW, 2),
          p.status,
          fmtInt(p.objectiveUsd),
          fmtInt(p.capitalUsd),
          fmtInt(p.energyUsd),
          fmt(p.peakFacilityMW, 2),
          ...chips.map((c) => (p.status === 'optimal' ? fmtInt(p.nodesOwned[c] ?? 0) : '—')),
        ])}
      />
    </section>
  );
}
