/** The plan in five figures: its status, total cost, capital against energy, peak power against the cap, check. */
import type { ReactNode } from 'react';
import { Stat } from '../../components/Stat';
import { fmt, fmtInt } from '../../components/format';
import { peakFacilityMW } from './plan-series';
import type { Plan } from './plan-types';

export function PlanHeadline({ plan, powerCapMW }: { plan: Plan; powerCapMW?: number }): ReactNode {
  const peak = peakFacilityMW(plan);
  const gap = `${fmt(plan.solver.mipRelGap * 100, 2)} % gap`;
  return (
    <div className="stats" data-testid="plan-headline">
      <Stat
        label="status"
        value={plan.status}
        hint={plan.status === 'optimal' ? `HiGHS ${plan.solver.version}, ${gap}` : 'see the reasons below'}
      />
      <Stat label="total cost (USD)" value={fmtInt(plan.objectiveUsd)} hint={`${plan.quarters} quarters`} />
      <Stat
        label="capital (USD)"
        value={fmtInt(plan.capitalUsd)}
        hint={`energy ${fmtInt(plan.energyUsd)} USD`}
      />
      <Stat
        label="peak facility power (MW)"
        value={fmt(peak, 2)}
        hint={powerCapMW === undefined ? 'no power cap' : `cap ${fmt(powerCapMW, 2)} MW`}
      />
      <Stat
        label="simulation check"
        value={plan.check?.verdict ?? 'not run'}
        hint={
          plan.check
            ? `${plan.check.iterations?.length ?? 1} solve(s), seed ${plan.check.seed ?? '—'}`
            : undefined
        }
      />
    </div>
  );
}
