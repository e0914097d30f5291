/**
 * Simulations: choose a trace or workload, a fleet, policies and seeds; run on the server with live progress;
 * allocation and fragmentation curves and a summary table; select several runs to compare them side by side;
 * download CSV/JSON. Every number comes from the server (`/v1/simulations`).
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api';
import { Chart, POLICY_COLORS, PALETTE, type DataTableSpec } from '../charts/Chart';
import { fmt, fmtInt, hours, Notice, ProgressBar } from '../components/ui';
import type { PaperResult, SimulationOptions, SimulationRun, TimeResult } from '../types';

const SMALL_FLEET = `{
  "site": { "pue": 1.3, "electricityUsdPerKWh": 0.08 },
  "pools": [
    { "name": "h20", "accelerator": "nvidia-h20", "nodes": 8, "devicesPerNode": 8, "cpuMilli": 128000, "memoryMiB": 1048576 },
    { "name": "a100", "accelerator": "nvidia-a100", "nodes": 8, "devicesPerNode": 8, "cpuMilli": 128000, "memoryMiB": 1048576 }
  ]
}`;

type Kind = 'paper' | 'time';

export function SimulationsPage(): ReactNode {
  const [options, setOptions] = useState<SimulationOptions>();
  const [optionsError, setOptionsError] = useState<string>();
  const [runs, setRuns] = useState<SimulationRun[]>();
  const [listError, setListError] = useState<string>();
  const [selected, setSelected] = useState<string[]>([]);
  const [details, setDetails] = useState<Record<string, SimulationRun>>({});
  const [announce, setAnnounce] = useState('');

  useEffect(() => {
    api<SimulationOptions>('/v1/simulations/options')
      .then(setOptions)
      .catch((e: Error) => setOptionsError(e.message));
  }, []);

  const refresh = useCallback(async () => {
    try {
      const list = await api<{ simulations: SimulationRun[] }>('/v1/simulations');
      setRuns(list.simulations);
      setListError(undefined);
      return list.simulations;
    } catch (e) {
      setListError((e as Error).message);
      return undefined;
    }
  }, []);

  // Poll while anything is queued or running; announce progress and completion for screen readers.
  const busy = runs?.some((r) => r.status === 'queued' || r.status === 'running') ?? false;
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      void refresh().then((list) => {
        const active = list?.find((r) => r.status === 'running');
        if (active)
          setAnnounce(
            `Run ${active.id}: ${Math.round(active.progress * 100)} %${active.stage ? `, ${active.stage}` : ''}`,
          );
      });
    }, 500);
    return () => clearInterval(timer);
  }, [busy, refresh]);

  // Fetch results of selected runs once they are done.
  useEffect(() => {
    for (const id of selected) {
      const summary = runs?.find((r) => r.id === id);
      if (!summary || (summary.status !== 'done' && summary.status !== 'failed')) continue;
      if (details[id]?.status === summary.status) continue;
      api<SimulationRun>(`/v1/simulations/${id}`)
        .then((run) => {
          setDetails((d) => ({ ...d, [id]: run }));
          if (run.status === 'done') setAnnounce(`Run ${id} finished: ${run.title}`);
          if (run.status === 'failed') setAnnounce(`Run ${id} failed: ${run.error}`);
        })
        .catch((e: Error) => setListError(e.message));
    }
  }, [selected, runs, details]);

  const onSubmitted = (id: string) => {
    setSelected((s) => [id, ...s.filter((x) => x !== id)].slice(0, 4));
    void refresh();
  };
  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id].slice(-4)));

  const shown = selected.map((id) => details[id]).filter((r): r is SimulationRun => r !== undefined);
  const running = runs?.filter((r) => r.status === 'queued' || r.status === 'running') ?? [];

  return (
    <div className="page simulations">
      <h1>Simulations</h1>
      <div className="sr-only" aria-live="polite" data-testid="announce">
        {announce}
      </div>
      <div className="columns">
        <section className="panel form-panel" aria-labelledby="new-run">
          <h2 id="new-run">New run</h2>
          {optionsError ? <Notice kind="error">Cannot load the run options: {optionsError}</Notice> : null}
          {options ? (
            <RunForm options={options} onSubmitted={onSubmitted} />
          ) : optionsError ? null : (
            <Notice kind="loading">Loading…</Notice>
          )}
        </section>
        <section className="panel runs-panel" aria-labelledby="runs">
          <h2 id="runs">Runs</h2>
          {running.map((r) => (
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
          {listError ? <Notice kind="error">{listError}</Notice> : null}
          {runs && runs.length === 0 ? (
            <Notice kind="empty">No runs yet. Choose a workload and policies, then press Run.</Notice>
          ) : null}
          {runs && runs.length > 0 ? <RunList runs={runs} selected={selected} onToggle={toggle} /> : null}
        </section>
      </div>
      {shown.length === 0 && runs && runs.length > 0 ? (
        <Notice kind="empty">Select one run to see its results, or several to compare them.</Notice>
      ) : null}
      <Results runs={shown} />
    </div>
  );
}

function RunForm({
  options,
  onSubmitted,
}: {
  options: SimulationOptions;
  onSubmitted: (id: string) => void;
}): ReactNode {
  const [kind, setKind] = useState<Kind>('paper');
  const [workload, setWorkload] = useState(options.defaultTraceIsSynthetic ? 'synthetic' : 'default');
  const [paperPolicies, setPaperPolicies] = useState<string[]>(['fgd', 'bestfit']);
  const [seeds, setSeeds] = useState('42');
  const [tune, setTune] = useState('1.3');
  const [fleet, setFleet] = useState('__inline');
  const [fleetText, setFleetText] = useState(SMALL_FLEET);
  const [pods, setPods] = useState('2000');
  const [days, setDays] = useState('2');
  const [timePolicies, setTimePolicies] = useState<string[]>(['fgd', 'bestfit']);
  const [seed, setSeed] = useState('42');
  const [queue, setQueue] = useState('backfill');
  const [preemption, setPreemption] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    let body: Record<string, unknown>;
    if (kind === 'paper') {
      body = { kind, workload, policies: paperPolicies, seeds, tune: Number(tune) };
    } else {
      let fleetValue: unknown = fleet;
      if (fleet === '__inline') {
        try {
          fleetValue = JSON.parse(fleetText);
        } catch (err) {
          setError(`fleet: not valid JSON (${(err as Error).message})`);
          return;
        }
      }
      body = {
        kind,
        fleet: fleetValue,
        workload: { pods: Number(pods), days: Number(days) },
        policies: timePolicies,
        seed: Number(seed),
        queue,
        preemption,
      };
    }
    setSubmitting(true);
    try {
      const { id } = await api<{ id: string }>('/v1/simulations', { method: 'POST', body });
      onSubmitted(id);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} aria-describedby={error ? 'form-error' : undefined}>
      <fieldset className="kind">
        <legend>Kind</legend>
        <label>
          <input
            type="radio"
            name="kind"
            value="paper"
            checked={kind === 'paper'}
            onChange={() => setKind('paper')}
          />
          Trace replay (FGD paper protocol)
        </label>
        <label>
          <input
            type="radio"
            name="kind"
            value="time"
            checked={kind === 'time'}
            onChange={() => setKind('time')}
          />
          Fleet over time
        </label>
      </fieldset>
      {kind === 'paper' ? (
        <>
          <label className="field">
            Trace
            <select value={workload} onChange={(e) => setWorkload(e.target.value)} name="workload">
              {options.defaultTraceIsSynthetic ? null : <option value="default">openb default</option>}
              {options.workloads
                .filter((w) => w.name !== 'default')
                .map((w) => (
                  <option key={w.name} value={w.name}>
                    {w.synthetic ? 'synthetic (built-in, not the paper’s trace)' : `openb ${w.name}`}
                  </option>
                ))}
            </select>
          </label>
          <PolicyChecks all={options.policies.paper} value={paperPolicies} onChange={setPaperPolicies} />
          <div className="row">
            <label className="field">
              Seeds
              <input
                name="seeds"
                value={seeds}
                onChange={(e) => setSeeds(e.target.value)}
                placeholder="42-44"
                aria-describedby="seeds-hint"
              />
            </label>
            <label className="field">
              Tune
              <input
                name="tune"
                type="number"
                step="0.1"
                min="0.1"
                value={tune}
                onChange={(e) => setTune(e.target.value)}
              />
            </label>
          </div>
          <p id="seeds-hint" className="hint">
            Seeds: one (42), a range (42-51) or a list (42,45). Tune: total GPU request ≈ tune × capacity.
          </p>
        </>
      ) : (
        <>
          {!options.timeWorkloadAvailable ? (
            <Notice kind="info">
              The server has no openb default trace to fit a synthetic workload to (hyperfleet traces fetch
              openb).
            </Notice>
          ) : null}
          <label className="field">
            Fleet
            <select value={fleet} onChange={(e) => setFleet(e.target.value)} name="fleet">
              <option value="__inline">custom (JSON below)</option>
              {options.fleets.map((f) => (
                <option key={f} value={f}>
                  example: {f}
                </option>
              ))}
            </select>
          </label>
          {fleet === '__inline' ? (
            <label className="field">
              Fleet document (JSON, the fleet-file schema)
              <textarea
                name="fleetText"
                rows={7}
                value={fleetText}
                onChange={(e) => setFleetText(e.target.value)}
                spellCheck={false}
              />
            </label>
          ) : null}
          <div className="row">
            <label className="field">
              Pods
              <input
                name="pods"
                type="number"
                min="1"
                value={pods}
                onChange={(e) => setPods(e.target.value)}
              />
            </label>
            <label className="field">
              Days
              <input
                name="days"
                type="number"
                min="0.1"
                step="0.1"
                value={days}
                onChange={(e) => setDays(e.target.value)}
              />
            </label>
            <label className="field">
              Seed
              <input name="seed" type="number" value={seed} onChange={(e) => setSeed(e.target.value)} />
            </label>
          </div>
          <PolicyChecks all={options.policies.time} value={timePolicies} onChange={setTimePolicies} />
          <div className="row">
            <label className="field">
              Queue
              <select value={queue} onChange={(e) => setQueue(e.target.value)} name="queue">
                <option value="backfill">backfill</option>
                <option value="fifo">fifo</option>
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={preemption} onChange={(e) => setPreemption(e.target.checked)} />{' '}
              preemption
            </label>
          </div>
        </>
      )}
      {error ? (
        <p id="form-error" role="alert" className="notice error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={submitting}>
        {submitting ? 'Submitting…' : 'Run'}
      </button>
    </form>
  );
}

function PolicyChecks({
  all,
  value,
  onChange,
}: {
  all: string[];
  value: string[];
  onChange: (v: string[]) => void;
}): ReactNode {
  return (
    <fieldset className="policies">
      <legend>Policies</legend>
      {all.map((p) => (
        <label key={p} className="check">
          <input
            type="checkbox"
            name="policy"
            value={p}
            checked={value.includes(p)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? all.filter((x) => x === p || value.includes(x))
                  : value.filter((x) => x !== p),
              )
            }
          />
          <span className="swatch" style={{ background: POLICY_COLORS[p] ?? '#888' }} aria-hidden="true" />
          {p}
        </label>
      ))}
    </fieldset>
  );
}

function RunList({
  runs,
  selected,
  onToggle,
}: {
  runs: SimulationRun[];
  selected: string[];
  onToggle: (id: string) => void;
}): ReactNode {
  return (
    <table className="data runs" data-testid="runs">
      <caption className="sr-only">Simulation runs; tick runs to show or compare them</caption>
      <thead>
        <tr>
          <th scope="col">show</th>
          <th scope="col">run</th>
          <th scope="col">status</th>
          <th scope="col">download</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id} className={selected.includes(r.id) ? 'selected' : undefined}>
            <td>
              <input
                type="checkbox"
                checked={selected.includes(r.id)}
                onChange={() => onToggle(r.id)}
                aria-label={`show run ${r.id}: ${r.title}`}
                disabled={r.status === 'queued' || r.status === 'running'}
              />
            </td>
            <th scope="row" className="run-title">
              <code>{r.id}</code> {r.title}
            </th>
            <td className={`status ${r.status}`}>
              {r.status === 'running' ? `${Math.round(r.progress * 100)} %` : r.status}
              {r.error ? <div className="error-text">{r.error}</div> : null}
            </td>
            <td className="downloads">
              {r.status === 'done' ? (
                <>
                  <a href={`/v1/simulations/${r.id}/json`} download>
                    JSON
                  </a>{' '}
                  {r.kind === 'paper' ? (
                    <>
                      <a href={`/v1/simulations/${r.id}/csv?kind=allo`} download>
                        CSV alloc.
                      </a>{' '}
                      <a href={`/v1/simulations/${r.id}/csv?kind=frag`} download>
                        frag.
                      </a>{' '}
                      <a href={`/v1/simulations/${r.id}/csv?kind=fragratio`} download>
                        ratio
                      </a>
                    </>
                  ) : (
                    <a href={`/v1/simulations/${r.id}/csv`} download>
                      CSV
                    </a>
                  )}
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Results({ runs }: { runs: SimulationRun[] }): ReactNode {
  const failed = runs.filter((r) => r.status === 'failed');
  const paper = runs.filter((r): r is SimulationRun & { result: PaperResult } => r.result?.kind === 'paper');
  const time = runs.filter((r): r is SimulationRun & { result: TimeResult } => r.result?.kind === 'time');
  return (
    <>
      {failed.map((r) => (
        <Notice key={r.id} kind="error">
          Run {r.id} failed: {r.error}
        </Notice>
      ))}
      {paper.length > 0 ? <PaperResults runs={paper} /> : null}
      {time.length > 0 ? <TimeResults runs={time} /> : null}
    </>
  );
}

const X = Array.from({ length: 131 }, (_, i) => i);

function seriesName(runCount: number, id: string, policy: string): string {
  return runCount > 1 ? `${id} ${policy}` : policy;
}

function colorOf(runIndex: number, policy: string, runCount: number): string {
  return runCount > 1 && runIndex > 0
    ? PALETTE[(runIndex * 3 + Object.keys(POLICY_COLORS).indexOf(policy)) % PALETTE.length]
    : (POLICY_COLORS[policy] ?? '#888');
}

type CurveField = 'allocation' | 'fragAmount' | 'fragRatio';

function paperCurve(runs: (SimulationRun & { result: PaperResult })[], field: CurveField, yName: string) {
  const series = runs.flatMap((run, ri) =>
    run.result.summary.map((s) => ({
      name: seriesName(runs.length, run.id, s.policy),
      type: 'line',
      showSymbol: false,
      lineStyle: { width: 2, type: ri === 0 ? 'solid' : ri === 1 ? 'dashed' : 'dotted' },
      color: colorOf(ri, s.policy, runs.length),
      data: s.curves[field].map((y, x) => [x, y]),
    })),
  );
  const option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt(v) },
    legend: { type: 'scroll', top: 0, left: 'center' },
    grid: { left: 48, right: 16, top: 52, bottom: 40 },
    xAxis: {
      type: 'value',
      min: 0,
      max: 130,
      name: 'arrived workload (% of GPU capacity)',
      nameLocation: 'middle',
      nameGap: 26,
    },
    yAxis: { type: 'value', name: yName, scale: field === 'allocation', nameTextStyle: { align: 'left' } },
    series,
  };
  const every = X.filter((x) => x % 10 === 0 || x === 100 || x === 130);
  const table: DataTableSpec = {
    columns: ['arrived %', ...series.map((s) => s.name)],
    rows: every.map((x) => [x, ...series.map((s) => fmt(s.data[x]?.[1]))]),
  };
  return { option, table };
}

/** The leading cells of a comparison row: the run (when several are compared) and the policy with its colour. */
function RunPolicyCells({ runId, policy }: { runId?: string; policy: string }): ReactNode {
  return (
    <>
      {runId !== undefined ? (
        <td>
          <code>{runId}</code>
        </td>
      ) : null}
      <th scope="row">
        <span className="swatch" style={{ background: POLICY_COLORS[policy] }} aria-hidden="true" />
        {policy}
      </th>
    </>
  );
}

function PaperResults({ runs }: { runs: (SimulationRun & { result: PaperResult })[] }): ReactNode {
  const key = runs.map((r) => r.id).join(',');
  // Recomputed when the set of runs changes (their results never change)
  const charts = useMemo(
    () => ({
      allocation: paperCurve(runs, 'allocation', 'GPU allocation (%)'),
      fragAmount: paperCurve(runs, 'fragAmount', 'fragmented GPU (% of capacity)'),
      fragRatio: paperCurve(runs, 'fragRatio', 'fragmented / idle GPU (%)'),
    }),
    [key],
  );
  return (
    <section className="panel results" aria-labelledby="paper-results">
      <h2 id="paper-results">
        Trace replay results{runs.length > 1 ? ` — ${runs.length} runs compared` : ''}
      </h2>
      {runs.map((r) => (
        <p key={r.id} className="muted">
          <code>{r.id}</code> {r.result.trace}; tune {r.result.tune}; seeds {r.result.seeds.join(', ')};{' '}
          {fmt(r.result.wallMs / 1000, 1)} s
        </p>
      ))}
      <div className="table-scroll">
        <table className="data summary" data-testid="paper-summary">
          <caption>GPU allocation and fragmentation, mean over seeds</caption>
          <thead>
            <tr>
              {runs.length > 1 ? <th scope="col">run</th> : null}
              <th scope="col">policy</th>
              <th scope="col">alloc. % at 100 %</th>
              <th scope="col">alloc. % at 130 %</th>
              <th scope="col">frag. % of capacity at 100 %</th>
              <th scope="col">frag./idle % at 100 %</th>
              <th scope="col">failed pods</th>
              <th scope="col">paper at 100 %</th>
              <th scope="col">paper at 130 %</th>
            </tr>
          </thead>
          <tbody>
            {runs.flatMap((run) =>
              run.result.summary.map((s) => (
                <tr key={`${run.id}-${s.policy}`} data-policy={s.policy}>
                  <RunPolicyCells runId={runs.length > 1 ? run.id : undefined} policy={s.policy} />
                  <td>{fmt(s.allocationAt100)}</td>
                  <td>{fmt(s.allocationAt130)}</td>
                  <td>{fmt(s.fragAmountAt100)}</td>
                  <td>{fmt(s.fragRatioAt100)}</td>
                  <td>{fmt(s.failedPods, 0)}</td>
                  <td>{fmt(s.paperAt100)}</td>
                  <td>{fmt(s.paperAt130)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
      <div className="chart-grid">
        <Chart
          types={['line']}
          {...charts.allocation}
          label="GPU allocation versus arrived workload"
          testId="chart-allocation"
        />
        <Chart
          types={['line']}
          {...charts.fragAmount}
          label="Fragmented GPU capacity versus arrived workload"
          testId="chart-frag"
        />
        <Chart
          types={['line']}
          {...charts.fragRatio}
          label="Fragmentation ratio versus arrived workload"
          testId="chart-fragratio"
        />
      </div>
    </section>
  );
}

function TimeResults({ runs }: { runs: (SimulationRun & { result: TimeResult })[] }): ReactNode {
  const key = runs.map((r) => r.id).join(',');
  const option = useMemo(() => {
    const series = runs.flatMap((run, ri) =>
      run.result.runs.flatMap((r) =>
        Object.entries(r.timeline.allocationPct).map(([model, values], mi) => ({
          name: `${runs.length > 1 ? `${run.id} ` : ''}${r.policy} · ${model}`,
          type: 'line',
          showSymbol: false,
          lineStyle: { width: 2, type: mi === 0 ? 'solid' : mi === 1 ? 'dashed' : 'dotted' },
          color: colorOf(ri, r.policy, runs.length),
          data: values.map((v, i) => [r.timeline.tSec[i] / 3600, v]),
        })),
      ),
    );
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt(v, 1) },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 40 },
      xAxis: { type: 'value', name: 'hours', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'value', name: 'allocation (%)', max: 100 },
      series,
    };
    // Recomputed when the set of runs changes (their results never change)
  }, [key]);
  return (
    <section className="panel results" aria-labelledby="time-results">
      <h2 id="time-results">Fleet over time{runs.length > 1 ? ` — ${runs.length} runs compared` : ''}</h2>
      {runs.map((r) => (
        <p key={r.id} className="muted">
          <code>{r.id}</code> {r.result.fleet}; {r.result.workload}; {fmt(r.result.wallMs / 1000, 1)} s
        </p>
      ))}
      <div className="table-scroll">
        <table className="data summary" data-testid="time-summary">
          <caption>Queueing, completion times, device-hours, energy and cost</caption>
          <thead>
            <tr>
              {runs.length > 1 ? <th scope="col">run</th> : null}
              <th scope="col">policy</th>
              <th scope="col">placed</th>
              <th scope="col">rejected</th>
              <th scope="col">queue p50 / p95 / p99 (h)</th>
              <th scope="col">JCT p50 / p95 / p99 (h)</th>
              <th scope="col">allocated %</th>
              <th scope="col">stranded %</th>
              <th scope="col">idle %</th>
              <th scope="col">energy (kWh)</th>
              <th scope="col">cost (USD)</th>
            </tr>
          </thead>
          <tbody>
            {runs.flatMap((run) =>
              run.result.runs.map((r) => {
                const share = (x: number) => fmt((100 * x) / Math.max(1e-9, r.deviceHours.total), 1);
                return (
                  <tr key={`${run.id}-${r.policy}`} data-policy={r.policy}>
                    <RunPolicyCells runId={runs.length > 1 ? run.id : undefined} policy={r.policy} />
                    <td>{fmtInt(r.placed)}</td>
                    <td>{fmtInt(r.rejected)}</td>
                    <td>
                      {hours(r.queueDelaySec.p50)} / {hours(r.queueDelaySec.p95)} /{' '}
                      {hours(r.queueDelaySec.p99)}
                    </td>
                    <td>
                      {hours(r.jctSec.p50)} / {hours(r.jctSec.p95)} / {hours(r.jctSec.p99)}
                    </td>
                    <td>{share(r.deviceHours.allocated)}</td>
                    <td>{share(r.deviceHours.stranded)}</td>
                    <td>{share(r.deviceHours.idle)}</td>
                    <td>{fmtInt(r.energyKWh)}</td>
                    <td>{fmtInt(r.costUsd)}</td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </div>
      <Chart
        types={['line']}
        option={option}
        label="Allocation per accelerator model over time"
        testId="chart-timeline"
      />
      <details>
        <summary>assumptions</summary>
        <ul>
          {runs[0].result.assumptions.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </details>
      <p className="muted">
        Idle and stranded device-hours, energy and cost by model and team: see the Efficiency page.
      </p>
    </section>
  );
}
