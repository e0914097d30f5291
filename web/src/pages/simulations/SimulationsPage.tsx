/**
 * Simulations: choose a trace or workload, a fleet, policies and seeds; run on the server with live progress;
 * allocation and fragmentation curves and a summary table; select several runs to compare them side by side;
 * download CSV/JSON. Every number comes from the server (`/v1/simulations`).
 */
import type { ReactNode } from 'react';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { useApiGet } from '../../hooks/useApiGet';
import type { SimulationOptions } from '../../types';
import { Results } from './Results';
import { RunForm } from './RunForm';
import { RunsPanel } from './RunsPanel';
import { useSimulationRuns } from './useSimulationRuns';

export function SimulationsPage(): ReactNode {
  const options = useApiGet<SimulationOptions>('/v1/simulations/options');
  const runs = useSimulationRuns();
  const any = runs.runs !== undefined && runs.runs.length > 0;

  return (
    <div className="page simulations">
      <h1>Simulations</h1>
      <div className="sr-only" aria-live="polite" data-testid="announce">
        {runs.announcement}
      </div>
      <div className="columns">
        <section className="panel form-panel" aria-labelledby="new-run">
          <h2 id="new-run">New run</h2>
          {options.data ? (
            <RunForm options={options.data} onSubmitted={runs.submitted} />
          ) : (
            <Loading error={options.error} loading="Loading…" failed="Cannot load the run options" />
          )}
        </section>
        <RunsPanel runs={runs} />
      </div>
      {runs.shown.length === 0 && any ? (
        <Notice kind="empty">Select one run to see its results, or several to compare them.</Notice>
      ) : null}
      <Results runs={runs.shown} />
    </div>
  );
}
