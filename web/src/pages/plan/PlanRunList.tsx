/** The plans submitted from this tab: status (progress and phase while running), and which one is shown. */
import type { ReactNode } from 'react';
import { Notice } from '../../components/Notice';
import { ProgressBar } from '../../components/ProgressBar';
import type { PlanRunView } from './plan-types';
import type { PlanRuns } from './usePlanRuns';

export function PlanRunList({ plans }: { plans: PlanRuns }): ReactNode {
  const { runs, selected, select, error } = plans;
  return (
    <section className="panel runs-panel" aria-labelledby="plan-runs">
      <h2 id="plan-runs">Plans</h2>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {runs.length === 0 ? (
        <Notice kind="empty">No plans yet. Edit the demand, then press Plan.</Notice>
      ) : (
        <table className="data runs" data-testid="plan-runs">
          <caption className="sr-only">Plans submitted from this page; choose one to show it</caption>
          <thead>
            <tr>
              <th scope="col">show</th>
              <th scope="col">plan</th>
              <th scope="col">status</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className={selected === r.id ? 'selected' : undefined} data-plan={r.id}>
                <td>
                  <input
                    type="radio"
                    name="plan"
                    checked={selected === r.id}
                    onChange={() => select(r.id)}
                    aria-label={`show plan ${r.id}`}
                  />
                </td>
                <th scope="row" className="run-title">
                  <code>{r.id}</code> {new Date(r.createdAt).toLocaleTimeString()}
                </th>
                <td className={`status ${r.status}`}>
                  <RunState run={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Queued or running: progress and the phase (when the server says it); finished: the outcome. */
function RunState({ run }: { run: PlanRunView }): ReactNode {
  if (run.status === 'queued' || run.status === 'running')
    return (
      <>
        {run.status} {Math.round(run.progress * 100)} %
        <ProgressBar value={run.progress} label={`progress of plan ${run.id}`} />
        {run.stage ? <div className="muted">{run.stage}</div> : null}
      </>
    );
  if (run.status === 'failed') return <span className="error-text">failed: {run.error}</span>;
  return <>{run.result ? run.result.status : run.status}</>;
}
