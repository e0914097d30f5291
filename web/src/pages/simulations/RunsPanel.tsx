/** The runs panel: progress of the active runs, then the list of all runs to pick from. */
import type { ReactNode } from 'react';
import { Notice } from '../../components/Notice';
import { ProgressBar } from '../../components/ProgressBar';
import { RunList } from './RunList';
import { isActive } from './run-status';
import type { SimulationRuns } from './useSimulationRuns';

export function RunsPanel({ runs: { runs, error, selected, toggle } }: { runs: SimulationRuns }): ReactNode {
  return (
    <section className="panel runs-panel" aria-labelledby="runs">
      <h2 id="runs">Runs</h2>
      {(runs ?? []).filter(isActive).map((r) => (
        <div key={r.id} className="running" data-testid="running">
          <div>
            <strong>{r.status === 'queued' ? 'Queued' : 'Running'}</strong> {r.title}
          </div>
          <ProgressBar value={r.progress} label={`progress of run ${r.id}`} />
          <div className="muted">
            {Math.round(r.progress * 100)} %{r.stage ? ` · ${r.stage}` : ''}
          </div>
        </div>
      ))}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {runs && runs.length === 0 ? (
        <Notice kind="empty">No runs yet. Choose a workload and policies, then press Run.</Notice>
      ) : null}
      {runs && runs.length > 0 ? <RunList runs={runs} selected={selected} onToggle={toggle} /> : null}
    </section>
  );
}
