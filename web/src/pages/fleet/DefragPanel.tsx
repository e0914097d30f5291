/**
 * "Make room for a pod": a what-if pod asked of the defrag planner (a dry run), its plan shown as a numbered list
 * and — by the page — as marks on the occupancy map, and the plan executed on request when it is feasible. The
 * API lists no pending pods, so the pod is entered here.
 */
import type { ReactNode } from 'react';
import type { DefragPlan } from '../../types';
import { DefragExecute } from './DefragExecute';
import { DefragForm } from './DefragForm';
import { DefragPlanView, planHeadline } from './DefragPlanView';

export function DefragPanel({
  models,
  plan,
  onPlan,
}: {
  models: string[];
  plan?: DefragPlan;
  /** A new plan (drawn on the map), or undefined to clear it. */
  onPlan: (plan: DefragPlan | undefined) => void;
}): ReactNode {
  return (
    <section className="panel defrag-panel" aria-labelledby="defrag" data-testid="defrag-panel">
      <div className="panel-head">
        <h2 id="defrag">Make room for a pod</h2>
        {plan ? (
          <button type="button" onClick={() => onPlan(undefined)}>
            Clear the plan
          </button>
        ) : null}
      </div>
      <p className="muted">
        The fewest, cheapest moves of running pods after which this pod fits (a dry run: nothing changes until
        you execute).
      </p>
      <DefragForm models={models} onPlan={onPlan} />
      <div className="sr-only" aria-live="polite">
        {plan ? `Plan: ${planHeadline(plan)}` : ''}
      </div>
      {plan ? (
        <DefragPlanView plan={plan}>
          {/* Keyed by the plan, so a new plan starts without the last one's confirmation or answer. */}
          {plan.feasible ? <DefragExecute key={plan.id} plan={plan} /> : null}
        </DefragPlanView>
      ) : null}
    </section>
  );
}
