/**
 * One plan: a failed run's reason, or the result — headline, mix, costs, assignment, constraints (or the reasons
 * of an infeasible demand), the simulation check, scenarios and the Pareto frontier when the plan has them, and
 * the assumptions every figure rests on.
 */
import type { ReactNode } from 'react';
import { Assumptions } from '../../components/Assumptions';
import { Notice } from '../../components/Notice';
import { PlanAssignment } from './PlanAssignment';
import { PlanCheck, type Slo } from './PlanCheck';
import { PlanConstraints } from './PlanConstraints';
import { PlanCosts } from './PlanCosts';
import { PlanHeadline } from './PlanHeadline';
import { PlanMix } from './PlanMix';
import { PlanPareto } from './PlanPareto';
import { PlanScenarios } from './PlanScenarios';
import type { PlanRunView } from './plan-types';

export function PlanView({ run }: { run: PlanRunView }): ReactNode {
  if (run.status === 'failed')
    return (
      <Notice kind="error">
        Plan {run.id} failed: {run.error}
      </Notice>
    );
  const plan = run.result;
  if (!plan)
    return (
      <Notice kind="loading">
        Plan {run.id} is {run.status}…
      </Notice>
    );
  const demand = run.request.demand;
  const slos: Record<string, Slo> = Object.fromEntries(demand.inference.map((s) => [s.name, s.slo]));
  return (
    <section className="panel results" aria-labelledby="plan-result" data-testid="plan-result">
      <h2 id="plan-result">
        Plan <code>{run.id}</code>: {plan.status}
      </h2>
      <PlanHeadline plan={plan} powerCapMW={demand.site.powerCapMW} />
      {plan.unpriced.map((u) => (
        <Notice key={`${u.accelerator}/${u.field}`} kind="info">
          {u.message}
        </Notice>
      ))}
      {plan.status === 'optimal' ? (
        <>
          <div className="chart-grid two">
            <PlanMix plan={plan} />
            <PlanCosts plan={plan} />
          </div>
          <PlanAssignment plan={plan} />
        </>
      ) : null}
      <PlanConstraints plan={plan} />
      {plan.check ? <PlanCheck check={plan.check} slos={slos} /> : null}
      {plan.scenarios && plan.scenarios.length > 0 ? (
        <PlanScenarios base={plan} scenarios={plan.scenarios} />
      ) : null}
      {plan.pareto ? <PlanPareto pareto={plan.pareto} /> : null}
      <Assumptions items={plan.assumptions} />
    </section>
  );
}
