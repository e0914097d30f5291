/**
 * The constraints that shape the plan: for an optimal plan the binding ones with what relaxing each saves; for an
 * infeasible one the constraints that make it so and by how much. Chips that cannot serve a service say why.
 */
import type { ReactNode } from 'react';
import { DataTable } from '../../components/DataTable';
import { fmt, fmtInt } from '../../components/format';
import type { Plan } from './plan-types';

const quarterOf = (q: number | undefined) => (q === undefined ? 'all' : `Q${q}`);

export function PlanConstraints({ plan }: { plan: Plan }): ReactNode {
  const unserved = plan.inference.filter((l) => l.requestsPerSecPerNode === 0);
  return (
    <section aria-labelledby="plan-constraints">
      {plan.status === 'infeasible' ? (
        <>
          <h3 id="plan-constraints">Why the demand cannot be met</h3>
          <DataTable
            testId="plan-reasons"
            caption="The constraints that make the demand infeasible, and by how much"
            columns={['constraint', 'quarter', 'limit', 'needs', 'unit', 'reason']}
            headerCell={5}
            rows={plan.reasons.map((r) => [
              r.constraint,
              quarterOf(r.quarter),
              fmt(r.limit, 2),
              fmt(r.needs, 2),
              r.unit,
              r.message,
            ])}
          />
        </>
      ) : (
        <>
          <h3 id="plan-constraints">Binding constraints</h3>
          {plan.binding.length === 0 ? (
            <p className="muted">None: no budget, power or supply limit changes the plan.</p>
          ) : (
            <DataTable
              testId="plan-binding"
              caption="Binding constraints and what relaxing each by one step saves"
              columns={['constraint', 'quarter', 'chip', 'limit', 'step', 'saves (USD)']}
              headerCell={0}
              rows={plan.binding.map((b) => [
                b.description,
                quarterOf(b.quarter),
                b.accelerator ?? '',
                `${fmt(b.limit, 2)} ${b.unit}`,
                `${fmt(b.step, 0)} ${b.unit}`,
                fmtInt(b.priceUsd),
              ])}
            />
          )}
        </>
      )}
      {unserved.length > 0 ? (
        <>
          <h3>Chips that cannot serve a service</h3>
          <ul data-testid="plan-unserved">
            {unserved.map((l) => (
              <li key={`${l.line}/${l.accelerator}`}>
                <code>{l.accelerator}</code> for {l.line}: {l.reason ?? 'no capacity at the SLO'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
