/**
 * Efficiency: where device-hours go — allocated, stranded (free but fragmented) and idle — with energy and cost by
 * accelerator model and by team, queueing and completion-time percentiles and the utilisation heat map, from a
 * finished time simulation; and, when the server can measure (POST /v1/measurements), the same from telemetry.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { SelectField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useApiGet } from '../../hooks/useApiGet';
import type { SimulationRun, TimeResult } from '../../types';
import { Measurements } from './Measurements';
import { SimulationEfficiency } from './SimulationEfficiency';

export function EfficiencyPage(): ReactNode {
  const list = useApiGet<{ simulations: SimulationRun[] }>('/v1/simulations');
  const runs = useMemo(
    () => list.data?.simulations.filter((r) => r.kind === 'time' && r.status === 'done'),
    [list.data],
  );
  const [chosen, setChosen] = useState<string>();
  const [policy, setPolicy] = useState<string>();
  const runId = chosen ?? runs?.[0]?.id;
  const detail = useApiGet<SimulationRun>(runId === undefined ? undefined : `/v1/simulations/${runId}`);
  const run =
    detail.data?.result?.kind === 'time'
      ? (detail.data as SimulationRun & { result: TimeResult })
      : undefined;
  const current = run?.result.runs.find((r) => r.policy === policy) ?? run?.result.runs[0];
  const error = list.error ?? detail.error;

  return (
    <div className="page efficiency">
      <h1>Efficiency</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <section className="panel" aria-labelledby="from-sim">
        <h2 id="from-sim">From a time simulation</h2>
        {runs === undefined && !error ? <Notice kind="loading">Loading runs…</Notice> : null}
        {runs && runs.length === 0 ? (
          <Notice kind="empty">
            No finished fleet-over-time simulation yet. Run one on the <a href="#/simulations">Simulations</a>{' '}
            page (kind “Fleet over time”); its idle and stranded device-hours, energy, cost and queueing show
            here.
          </Notice>
        ) : null}
        {runs && runs.length > 0 ? (
          <div className="toolbar">
            <SelectField
              label="Run"
              inline
              value={runId ?? ''}
              onChange={(id) => {
                setChosen(id);
                setPolicy(undefined);
              }}
            >
              {runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.id} — {r.title}
                </option>
              ))}
            </SelectField>
            {run ? (
              <SelectField label="Policy" inline value={current?.policy ?? ''} onChange={setPolicy}>
                {run.result.runs.map((r) => (
                  <option key={r.policy} value={r.policy}>
                    {r.policy}
                  </option>
                ))}
              </SelectField>
            ) : null}
          </div>
        ) : null}
        {run && current ? <SimulationEfficiency result={run.result} current={current} /> : null}
      </section>
      <Measurements />
    </div>
  );
}
