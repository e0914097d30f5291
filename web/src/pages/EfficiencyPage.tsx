/**
 * Efficiency: where device-hours go — allocated, stranded (free but fragmented) and idle — with energy and cost by
 * accelerator model and by team, queueing and completion-time percentiles and the utilisation heat map, from a
 * finished time simulation; and, when the server can measure (POST /v1/measurements), the same from telemetry.
 */
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api';
import { Chart } from '../charts/Chart';
import { fmt, fmtInt, hours, Notice, Stat } from '../components/ui';
import type { MeasureResult, SimulationOptions, SimulationRun, TimeResult, TimeRun } from '../types';

const STATE_COLORS = { allocated: '#1f5fbf', stranded: '#f2a03d', idle: '#c9d3df' };

export function EfficiencyPage(): ReactNode {
  const [runs, setRuns] = useState<SimulationRun[]>();
  const [error, setError] = useState<string>();
  const [runId, setRunId] = useState<string>();
  const [run, setRun] = useState<SimulationRun & { result: TimeResult }>();
  const [policy, setPolicy] = useState<string>();

  useEffect(() => {
    api<{ simulations: SimulationRun[] }>('/v1/simulations')
      .then((list) => {
        const done = list.simulations.filter((r) => r.kind === 'time' && r.status === 'done');
        setRuns(done);
        setRunId((id) => id ?? done[0]?.id);
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  useEffect(() => {
    if (!runId) return;
    api<SimulationRun>(`/v1/simulations/${runId}`)
      .then((r) => {
        if (r.result?.kind !== 'time') return;
        setRun(r as SimulationRun & { result: TimeResult });
        setPolicy(r.result.runs[0]?.policy);
      })
      .catch((e: Error) => setError(e.message));
  }, [runId]);

  const current = run?.result.runs.find((r) => r.policy === policy) ?? run?.result.runs[0];

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
            <label className="field inline">
              Run
              <select value={runId} onChange={(e) => setRunId(e.target.value)}>
                {runs.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.id} — {r.title}
                  </option>
                ))}
              </select>
            </label>
            {run ? (
              <label className="field inline">
                Policy
                <select value={current?.policy} onChange={(e) => setPolicy(e.target.value)}>
                  {run.result.runs.map((r) => (
                    <option key={r.policy} value={r.policy}>
                      {r.policy}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
          </div>
        ) : null}
        {run && current ? <SimulationEfficiency result={run.result} current={current} /> : null}
      </section>
      <Measurements />
    </div>
  );
}

function share(x: number, total: number): string {
  return `${fmt((100 * x) / Math.max(1e-9, total), 1)} %`;
}

function SimulationEfficiency({ result, current }: { result: TimeResult; current: TimeRun }): ReactNode {
  const dh = current.deviceHours;
  const charts = useMemo(() => {
    const policies = result.runs.map((r) => r.policy);
    const stacked = (['allocated', 'stranded', 'idle'] as const).map((k) => ({
      name: k,
      type: 'bar',
      stack: 'dh',
      color: STATE_COLORS[k],
      data: result.runs.map((r) => r.deviceHours[k]),
    }));
    const byPolicy = {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${fmtInt(v)} device-h` },
      legend: { top: 0 },
      grid: { left: 90, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'value', name: 'device-hours' },
      yAxis: { type: 'category', data: policies, inverse: true },
      series: stacked,
    };
    const models = Object.keys(current.perModel);
    const byModel = {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${fmtInt(v)} device-h` },
      legend: { top: 0 },
      grid: { left: 140, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'value', name: 'device-hours' },
      yAxis: { type: 'category', data: models, inverse: true },
      series: (['allocated', 'stranded', 'idle'] as const).map((k) => ({
        name: k,
        type: 'bar',
        stack: 'dh',
        color: STATE_COLORS[k],
        data: models.map((m) => current.perModel[m].deviceHours[k]),
      })),
    };
    const teams = Object.entries(current.perTeam).sort((a, b) => b[1].deviceHours - a[1].deviceHours);
    const byTeam = {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt(v, 1) },
      grid: { left: 90, right: 16, top: 12, bottom: 28 },
      xAxis: { type: 'value', name: 'allocated device-hours' },
      yAxis: { type: 'category', data: teams.map(([t]) => t), inverse: true },
      series: [
        {
          type: 'bar',
          name: 'allocated device-hours',
          color: '#1f5fbf',
          data: teams.map(([, v]) => v.deviceHours),
        },
      ],
    };
    const pct = ['p50', 'p95', 'p99'] as const;
    const latency = {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${fmt(v)} h` },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: policies.flatMap((p) => [`${p} queue`, `${p} JCT`]) },
      yAxis: { type: 'value', name: 'hours' },
      series: pct.map((q, i) => ({
        name: q,
        type: 'bar',
        color: ['#9ecae1', '#4292c6', '#08519c'][i],
        data: result.runs.flatMap((r) => [r.queueDelaySec[q] / 3600, r.jctSec[q] / 3600]),
      })),
    };
    const tl = current.timeline;
    const heatModels = Object.keys(tl.allocationPct);
    const step = Math.max(1, Math.ceil(tl.tSec.length / 400));
    const heatData: [number, number, number][] = [];
    heatModels.forEach((m, y) => {
      tl.allocationPct[m].forEach((v, i) => {
        if (i % step === 0) heatData.push([i / step, y, Math.round(v * 10) / 10]);
      });
    });
    const heat = {
      tooltip: {
        position: 'top',
        formatter: (p: { value: [number, number, number] }) =>
          `${heatModels[p.value[1]]}, hour ${fmt((p.value[0] * step * tl.sampleSec) / 3600, 0)}: ${fmt(p.value[2], 1)} %`,
      },
      grid: { left: 140, right: 16, top: 12, bottom: 64 },
      xAxis: {
        type: 'category',
        name: 'hour',
        data: tl.tSec.filter((_, i) => i % step === 0).map((t) => fmt(t / 3600, 0)),
        axisLabel: { interval: Math.max(0, Math.ceil(tl.tSec.length / step / 24) - 1) },
        splitArea: { show: true },
      },
      yAxis: { type: 'category', data: heatModels, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max: 100,
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        text: ['100 %', '0 %'],
        inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] },
      },
      series: [{ type: 'heatmap', name: 'allocation %', data: heatData, progressive: 0 }],
    };
    return { byPolicy, byModel, byTeam, latency, heat, teams };
  }, [result, current]);

  return (
    <div className="efficiency-body">
      <div className="stats" data-testid="efficiency-stats">
        <Stat
          label="device-hours"
          value={fmtInt(dh.total)}
          hint={`${current.devices} devices × ${fmt(current.horizonSec / 3600, 1)} h`}
        />
        <Stat label="allocated" value={share(dh.allocated, dh.total)} />
        <Stat
          label="stranded (fragmented)"
          value={share(dh.stranded, dh.total)}
          hint={`${fmtInt(dh.stranded)} device-h`}
        />
        <Stat label="idle" value={share(dh.idle, dh.total)} hint={`${fmtInt(dh.idle)} device-h`} />
        <Stat label="energy" value={`${fmtInt(current.energyKWh)} kWh`} />
        <Stat
          label="cost"
          value={`${fmtInt(current.costUsd)} USD`}
          hint={`capital ${fmtInt(current.capitalUsd)}, energy ${fmtInt(current.energyUsd)}`}
        />
      </div>
      <div className="chart-grid two">
        <Chart
          types={['bar']}
          option={charts.byPolicy}
          label="Device-hours by state, per policy"
          height={Math.max(160, 40 * result.runs.length + 60)}
          testId="chart-dh-policy"
        />
        <Chart
          types={['bar']}
          option={charts.latency}
          label="Queueing delay and job completion time percentiles (hours), per policy"
          testId="chart-latency"
        />
      </div>
      <h3>By accelerator model ({current.policy})</h3>
      <div className="table-scroll">
        <table className="data" data-testid="model-efficiency">
          <caption className="sr-only">Device-hours, energy and cost by accelerator model</caption>
          <thead>
            <tr>
              <th scope="col">model</th>
              <th scope="col">devices</th>
              <th scope="col">allocated device-h</th>
              <th scope="col">stranded device-h</th>
              <th scope="col">idle device-h</th>
              <th scope="col">energy (kWh)</th>
              <th scope="col">cost (USD)</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(current.perModel).map(([m, f]) => (
              <tr key={m}>
                <th scope="row">{m}</th>
                <td>{fmtInt(f.devices)}</td>
                <td>{fmtInt(f.deviceHours.allocated)}</td>
                <td>{fmtInt(f.deviceHours.stranded)}</td>
                <td>{fmtInt(f.deviceHours.idle)}</td>
                <td>{fmtInt(f.energyKWh)}</td>
                <td>{fmtInt(f.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="chart-grid two">
        <Chart
          types={['bar']}
          option={charts.byModel}
          label="Device-hours by state, per accelerator model"
          height={Math.max(160, 40 * Object.keys(current.perModel).length + 60)}
          testId="chart-dh-model"
        />
        {charts.teams.length > 0 ? (
          <Chart
            types={['bar']}
            option={charts.byTeam}
            label="Allocated device-hours by team"
            height={Math.max(160, 24 * charts.teams.length + 40)}
            testId="chart-teams"
          />
        ) : (
          <Notice kind="empty">This workload has no teams.</Notice>
        )}
      </div>
      <Chart
        types={['heatmap']}
        option={charts.heat}
        label="Utilisation heat map: allocation % per accelerator model and hour"
        height={Math.max(180, 36 * Object.keys(current.timeline.allocationPct).length + 100)}
        testId="chart-heatmap"
      />
      <p className="muted">
        Queueing p50/p95/p99: {hours(current.queueDelaySec.p50)} / {hours(current.queueDelaySec.p95)} /{' '}
        {hours(current.queueDelaySec.p99)} h; completion time: {hours(current.jctSec.p50)} /{' '}
        {hours(current.jctSec.p95)} / {hours(current.jctSec.p99)} h. Team costs need measured telemetry
        (below); the simulator attributes device-hours to teams.
      </p>
    </div>
  );
}

type Source = 'genai' | 'prometheus';

function Measurements(): ReactNode {
  const [available, setAvailable] = useState<boolean>();
  const [source, setSource] = useState<Source>('genai');
  const [dir, setDir] = useState('');
  const [url, setUrl] = useState('http://127.0.0.1:9090');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<MeasureResult>();

  useEffect(() => {
    // Probe with an empty body: 400 means the route exists (and says what it wants), 404 that it does not.
    api('/v1/measurements', { method: 'POST', body: {} })
      .then(() => setAvailable(true))
      .catch((e) => setAvailable(!(e instanceof ApiError && (e.status === 404 || e.status === 0))));
    api<SimulationOptions>('/v1/simulations/options')
      .then((o) => o.genaiDir && setDir((d) => d || o.genaiDir!))
      .catch(() => undefined);
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = source === 'genai' ? { genai: dir } : { prometheus: url, from, to };
      setResult(await api<MeasureResult>('/v1/measurements', { method: 'POST', body }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="from-telemetry">
      <h2 id="from-telemetry">From measured telemetry</h2>
      {available === false ? (
        <Notice kind="info">
          This server cannot measure yet (no <code>POST /v1/measurements</code>). Measured efficiency — the
          utilisation heat map from DCGM telemetry and the right-sizing result — comes with{' '}
          <code>hyperfleet measure</code>.
        </Notice>
      ) : null}
      {available ? (
        <form onSubmit={submit} className="measure-form">
          <fieldset className="kind">
            <legend>Telemetry</legend>
            <label>
              <input
                type="radio"
                name="source"
                checked={source === 'genai'}
                onChange={() => setSource('genai')}
              />{' '}
              Alibaba GenAI trace folder
            </label>
            <label>
              <input
                type="radio"
                name="source"
                checked={source === 'prometheus'}
                onChange={() => setSource('prometheus')}
              />{' '}
              Prometheus
            </label>
          </fieldset>
          {source === 'genai' ? (
            <label className="field">
              Folder on the server
              <input
                value={dir}
                onChange={(e) => setDir(e.target.value)}
                placeholder="../shared/traces/alibaba-genai-v2026"
              />
            </label>
          ) : (
            <div className="row">
              <label className="field">
                URL
                <input value={url} onChange={(e) => setUrl(e.target.value)} />
              </label>
              <label className="field">
                From
                <input
                  value={from}
                  onChange={(e) => setFrom(e.target.value)}
                  placeholder="2026-05-01T00:00:00Z"
                />
              </label>
              <label className="field">
                To
                <input
                  value={to}
                  onChange={(e) => setTo(e.target.value)}
                  placeholder="2026-05-08T00:00:00Z"
                />
              </label>
            </div>
          )}
          {error ? <Notice kind="error">{error}</Notice> : null}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Measuring…' : 'Measure'}
          </button>
          <div aria-live="polite" className="sr-only">
            {busy ? 'Measuring' : result ? 'Measurement done' : ''}
          </div>
        </form>
      ) : null}
      {result ? <MeasureView result={result} /> : null}
    </section>
  );
}

function MeasureView({ result }: { result: MeasureResult }): ReactNode {
  const dh = result.deviceHours;
  const rs = result.rightSizing;
  const hm = result.heatMap;
  const heat = useMemo(() => {
    const data: [number, number, number | '-'][] = [];
    hm.values.forEach((row, y) =>
      row.forEach((v, x) => data.push([x, y, v === null ? '-' : Math.round(v * 10) / 10])),
    );
    return {
      tooltip: {
        position: 'top',
        formatter: (p: { value: [number, number, number | '-'] }) =>
          `${hm.rows[p.value[1]]}, ${fmt((p.value[0] * hm.bucketSec) / 3600, 1)} h: ${p.value[2] === '-' ? 'no data' : `${fmt(p.value[2], 1)} %`}`,
      },
      grid: { left: 150, right: 16, top: 8, bottom: 64 },
      xAxis: {
        type: 'category',
        name: 'hours from start',
        data: Array.from({ length: hm.columns }, (_, i) => fmt((i * hm.bucketSec) / 3600, 1)),
        axisLabel: { hideOverlap: true },
      },
      yAxis: {
        type: 'category',
        data: hm.rows,
        // At most ~40 device labels: beyond that they would overprint each other (the tooltip names every row).
        axisLabel: { fontSize: 10, interval: Math.max(0, Math.ceil(hm.rows.length / 40) - 1) },
      },
      visualMap: {
        min: 0,
        max: 100,
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        text: ['100 %', '0 %'],
        inRange: { color: ['#fff7ec', '#fc8d59', '#7f0000'] },
      },
      series: [{ type: 'heatmap', name: 'utilisation %', data, progressive: 0 }],
    };
  }, [hm]);
  return (
    <div data-testid="measure-result">
      <p className="muted">
        {result.source}; {result.from} → {result.to}; {fmtInt(result.devices)} devices, {fmtInt(result.pods)}{' '}
        pods; idle = allocated with utilisation below {result.idleBelowPct} % for{' '}
        {fmt(result.idleForSec / 60, 0)} min or more.
      </p>
      <div className="stats">
        <Stat label="device-hours" value={fmtInt(dh.total)} />
        <Stat label="allocated" value={share(dh.allocated, dh.total)} />
        <Stat label="busy (utilisation-weighted)" value={share(dh.busy, dh.total)} />
        <Stat
          label="allocated but idle"
          value={share(dh.idle, dh.total)}
          hint={`${fmtInt(dh.idle)} device-h`}
        />
        <Stat
          label="unallocated"
          value={share(dh.unallocated, dh.total)}
          hint={`${fmtInt(result.unallocated.costUsd)} USD`}
        />
        <Stat label="energy" value={`${fmtInt(result.energyKWh)} kWh`} />
        <Stat label="cost" value={`${fmtInt(result.costUsd)} USD`} />
      </div>
      {rs ? (
        <section aria-labelledby="right-sizing" className="right-sizing" data-testid="right-sizing">
          <h3 id="right-sizing">Right-sizing</h3>
          <div className="stats">
            <Stat label="devices at peak, now" value={fmtInt(rs.devicesBefore)} />
            <Stat label="devices needed, right-sized" value={fmtInt(rs.devicesAfter)} />
            <Stat label="devices saved" value={fmtInt(rs.devicesSaved)} />
            <Stat
              label="saved per month"
              value={`${fmtInt(rs.savingsPerMonth.costUsd)} USD`}
              hint={`capital ${fmtInt(rs.savingsPerMonth.capitalUsd)}, energy ${fmtInt(rs.savingsPerMonth.energyKWh)} kWh`}
            />
          </div>
          <p className="muted">
            Backed by {rs.simulations} placement simulations ({rs.policy}): each pod's share sized to its p
            {Math.round(rs.percentile * 100)} utilisation and peak memory plus {Math.round(rs.headroom * 100)}{' '}
            % headroom, replayed on the fleet.
          </p>
          {rs.notes.length > 0 ? (
            <ul className="muted">
              {rs.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      <div className="table-scroll">
        <table className="data">
          <caption>By accelerator model</caption>
          <thead>
            <tr>
              <th scope="col">model</th>
              <th scope="col">devices</th>
              <th scope="col">allocated device-h</th>
              <th scope="col">busy device-h</th>
              <th scope="col">idle device-h</th>
              <th scope="col">mean util. %</th>
              <th scope="col">energy (kWh)</th>
              <th scope="col">cost (USD)</th>
              <th scope="col">unallocated cost (USD)</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(result.perModel).map(([m, f]) => (
              <tr key={m}>
                <th scope="row">{m}</th>
                <td>{fmtInt(f.devices)}</td>
                <td>{fmtInt(f.deviceHours.allocated)}</td>
                <td>{fmtInt(f.deviceHours.busy)}</td>
                <td>{fmtInt(f.deviceHours.idle)}</td>
                <td>{fmt(f.meanUtilisationPct, 1)}</td>
                <td>{fmtInt(f.energyKWh)}</td>
                <td>{fmtInt(f.costUsd)}</td>
                <td>{fmtInt(f.unallocatedCostUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-scroll">
        <table className="data">
          <caption>By team ({result.teamLabel})</caption>
          <thead>
            <tr>
              <th scope="col">team</th>
              <th scope="col">pods</th>
              <th scope="col">allocated device-h</th>
              <th scope="col">busy device-h</th>
              <th scope="col">idle device-h</th>
              <th scope="col">idle share</th>
              <th scope="col">energy (kWh)</th>
              <th scope="col">cost (USD)</th>
              <th scope="col">idle cost (USD)</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(result.perTeam).map(([t, f]) => (
              <tr key={t}>
                <th scope="row">{t}</th>
                <td>{fmtInt(f.pods)}</td>
                <td>{fmt(f.deviceHours.allocated, 1)}</td>
                <td>{fmt(f.deviceHours.busy, 1)}</td>
                <td>{fmt(f.deviceHours.idle, 1)}</td>
                <td>{fmt(100 * f.idleFraction, 1)} %</td>
                <td>{fmt(f.energyKWh, 1)}</td>
                <td>{fmt(f.costUsd, 0)}</td>
                <td>{fmt(f.idleCostUsd, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hm.rows.length > 0 ? (
        <Chart
          types={['heatmap']}
          option={heat}
          label={`Utilisation heat map: mean utilisation % per device and ${fmt(hm.bucketSec / 60, 0)}-minute bucket${hm.omitted ? ` (${hm.omitted} devices not shown)` : ''}`}
          height={Math.min(720, Math.max(200, 6 * hm.rows.length + 90))}
          testId="chart-measure-heatmap"
        />
      ) : (
        <Notice kind="empty">No utilisation samples in this window.</Notice>
      )}
      <details>
        <summary>assumptions</summary>
        <ul>
          {result.assumptions.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
