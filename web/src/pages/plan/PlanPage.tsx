/**
 * Plan: which accelerators to buy. Submit a demand (the demand file as JSON) with the solver's options, follow the
 * plan while it solves, and read the result — the mix per quarter, the cost breakdown, the binding constraints
 * with their prices, the simulation check of the SLOs, scenarios and the cost/power frontier. Every number comes
 * from the server (`/v1/plans`).
 */
import type { ReactNode } from 'react';
import { Notice } from '../../components/Notice';
import { PlanForm } from './PlanForm';
import { PlanRunList } from './PlanRunList';
import { PlanView } from './PlanView';
import { usePlanRuns } from './usePlanRuns';

export function PlanPage(): ReactNode {
  const plans = usePlanRuns();
  const shown = plans.runs.find((r) => r.id === plans.selected);
  return (
    <div className="page plan">
      <h1>Plan</h1>
      <div className="sr-only" aria-live="polite" data-testid="announce">
        {plans.announcement}
      </div>
      <div className="columns">
        <section className="panel form-panel" aria-labelledby="new-plan">
          <h2 id="new-plan">New plan</h2>
          <PlanForm onSubmitted={plans.submitted} />
        </section>
        <PlanRunList plans={plans} />
      </div>
      {shown ? (
        <PlanView run={shown} />
      ) : plans.runs.length > 0 ? (
        <Notice kind="empty">Choose a plan to see it.</Notice>
      ) : null}
    </div>
  );
}
