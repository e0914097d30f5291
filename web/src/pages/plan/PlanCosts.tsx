/** The cost per quarter: capital spent and energy paid (stacked), with facility power, and what one node costs. */
import { useMemo, type ReactNode } from 'react';
import { Chart } from '../../charts/Chart';
import { DataTable } from '../../components/DataTable';
import { fmt, fmtInt } from '../../components/format';
import { costOption } from './plan-charts';
import { costPerQuarter, quarterLabels } from './plan-series';
import type { Plan } from './plan-types';

export function PlanCosts({ plan }: { plan: Plan }): ReactNode {
  const option = useMemo(() => costOption(plan), [plan]);
  const cost = costPerQuarter(plan);
  const total = cost.capital.map((c, q) => c + cost.energy[q]);
  return (
    <section aria-labelledby="plan-costs">
      <h3 id="plan-costs">Cost per quarter</h3>
      <Chart
        types={['bar']}
        option={option}
        label="Capital and energy per quarter (USD)"
        testId="chart-plan-cost"
      />
      <DataTable
        testId="plan-cost-table"
        caption="Capital, energy and facility power per quarter"
        columns={['', ...quarterLabels(plan.quarters), 'horizon']}
        rowKeys={[
          'capital',
          'energy',
          'total',
          ...(plan.amortisedCostUsdPerQuarter ? ['amortised'] : []),
          'mw',
          ...(plan.racksUsed ? ['racks'] : []),
        ]}
        rows={[
          ['capital (USD)', ...cost.capital.map(fmtInt), fmtInt(plan.capitalUsd)],
          ['energy (USD)', ...cost.energy.map(fmtInt), fmtInt(plan.energyUsd)],
          ['total (USD)', ...total.map(fmtInt), fmtInt(plan.objectiveUsd)],
          ...(plan.amortisedCostUsdPerQuarter
            ? [
                [
                  'amortised cost (USD)',
                  ...plan.amortisedCostUsdPerQuarter.map(fmtInt),
                  fmtInt(plan.amortisedCostUsd),
                ],
              ]
            : []),
          ['facility power (MW)', ...plan.facilityMW.map((mw) => fmt(mw, 2)), ''],
          ...(plan.racksUsed ? [['racks used', ...plan.racksUsed.map(fmtInt), '']] : []),
        ]}
      />
      <h3>Per node (the programme’s coefficients)</h3>
      <DataTable
        testId="plan-per-node"
        caption="What one node of each chip costs, draws and serves"
        columns={[
          'chip',
          'capital (USD)',
          'energy per quarter (USD)',
          'facility kW',
          ...plan.assignment.map((a) => `${a.line} (${a.unit})`),
        ]}
        rows={plan.chips.map((c) => [
          c.accelerator,
          c.perNode.capitalUsd === null ? 'no price' : fmtInt(c.perNode.capitalUsd),
          fmtInt(c.perNode.energyUsdPerQuarter),
          fmt(c.perNode.facilityKw, 2),
          ...plan.assignment.map((a) => fmt(c.perNode.capacity[a.line], 2)),
        ])}
      />
    </section>
  );
}
