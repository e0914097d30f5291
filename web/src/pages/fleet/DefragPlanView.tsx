/**
 * A defrag plan as the server answered it: the moves in execution order (pod, from node and devices → to node and
 * devices, cost), where the pending pod then goes, whether the plan is proven least, the fragmentation before →
 * after; or, when no plan exists within the moves allowed, the server's reason. The same moves are drawn on the
 * occupancy map (defrag-marks).
 */
import type { ReactNode } from 'react';
import { DataTable } from '../../components/DataTable';
import { counted, fmt } from '../../components/format';
import { Notice } from '../../components/Notice';
import { Stat } from '../../components/Stat';
import type { DefragPlan, NodeDevices } from '../../types';
import { devicesText } from './defrag-marks';

/** "node-a (devices 2, 3)", or the node alone for a CPU-only pod. */
export function placeText(p: NodeDevices): string {
  const devices = devicesText(p.devices);
  return devices ? `${p.node} (${devices})` : p.node;
}

/** The plan in one line: "2 moves, cost 5.20", or "No plan within 1 move". */
export function planHeadline(plan: DefragPlan): string {
  if (!plan.feasible) return `No plan within ${counted(plan.maxMoves, 'move')}`;
  return `${counted(plan.moves.length, 'move')}, cost ${fmt(plan.cost)}`;
}

function Fragmentation({ plan }: { plan: DefragPlan }): ReactNode {
  const f = plan.fragmentation;
  if (!f) return <p className="muted">No pod asks for a device: fragmentation does not apply.</p>;
  return (
    <div className="stats" data-testid="defrag-fragmentation">
      <Stat label="fragmented GPUs now" value={fmt(f.before)} />
      <Stat
        label="after the plan"
        value={fmt(f.after)}
        hint={f.after === null ? 'no plan' : `measured against ${f.typicalFrom}`}
      />
    </div>
  );
}

export function DefragPlanView({ plan, children }: { plan: DefragPlan; children?: ReactNode }): ReactNode {
  return (
    <section className="defrag-plan" aria-labelledby="defrag-plan-heading" data-testid="defrag-plan">
      <h3 id="defrag-plan-heading">{planHeadline(plan)}</h3>
      <p className="muted">
        Plan <code>{plan.id}</code>, made at {new Date(plan.createdAt).toLocaleTimeString()} on the fleet as
        it was then (the map shows it now).
      </p>
      {plan.feasible ? (
        <>
          <p data-testid="defrag-target">
            {plan.moves.length === 0 ? 'The pod fits as the fleet stands: ' : 'Then '}
            {plan.targets.length > 1
              ? plan.targets.map((t, i) => `gang pod ${i + 1} → ${placeText(t)}`).join('; ')
              : `the pending pod → ${plan.target ? placeText(plan.target) : '—'}`}
            .{' '}
            {plan.exhaustive
              ? 'Least cost, proven.'
              : 'Not proven least: the search beyond 2 moves is a heuristic.'}
          </p>
          {plan.moves.length > 0 ? (
            <DataTable
              testId="defrag-moves"
              className="defrag-moves"
              caption="Moves, in execution order"
              showCaption
              headerCell={1}
              columns={['#', 'pod', 'from', 'to', 'cost']}
              rowKeys={plan.moves.map((m) => `${m.namespace}/${m.name}`)}
              rows={plan.moves.map((m, i) => [
                i + 1,
                `${m.namespace}/${m.name}`,
                placeText(m.from),
                placeText(m.to),
                fmt(m.cost),
              ])}
            />
          ) : null}
        </>
      ) : (
        <div data-testid="defrag-reason">
          <Notice kind="error">{plan.reason ?? 'The server gave no reason.'}</Notice>
        </div>
      )}
      <Fragmentation plan={plan} />
      {children}
    </section>
  );
}
