/**
 * Fleet: the live state of `hyperfleet serve` — a node × device occupancy map showing shared fractions, GPU
 * allocation and fragmentation over time, a breakdown by accelerator model, and a node's pods on click. Routes
 * the server does not have yet (/v1/fleet/summary, /v1/fleet/history, /v1/nodes/{name}) degrade gracefully:
 * per-model totals are summed from /v1/nodes, history is sampled while the page is open.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, optionalApi } from '../api';
import { Chart } from '../charts/Chart';
import { fmt, fmtInt, Notice, Stat } from '../components/ui';
import type { FleetNode, FleetSummary, HistoryPoint, Placement } from '../types';

const REFRESH_MS = 5000;

interface Snapshot {
  nodes: FleetNode[];
  placements: Placement[];
  gpuAllocationPercent: number;
  summary?: FleetSummary;
  history?: HistoryPoint[];
  at: number;
}

/** Per-model totals from the node list, for servers without /v1/fleet/summary (no fragmentation then). */
function summaryFromNodes(nodes: FleetNode[], gpuAllocationPercent: number): FleetSummary {
  const perModel: FleetSummary['perModel'] = {};
  let devices = 0;
  for (const n of nodes) {
    if (n.gpuCount === 0) continue;
    const m = (perModel[n.model] ??= { nodes: 0, devices: 0, allocatedMilli: 0, allocationPercent: 0 });
    m.nodes++;
    m.devices += n.gpuCount;
    m.allocatedMilli += n.gpuMilliLeft.reduce((s, left) => s + (1000 - left), 0);
    devices += n.gpuCount;
  }
  for (const m of Object.values(perModel))
    m.allocationPercent = (100 * m.allocatedMilli) / (m.devices * 1000);
  return {
    nodes: nodes.length,
    devices,
    gpuAllocationPercent,
    fragAmountGpus: null,
    fragRatioPercent: null,
    perModel,
  };
}

export function FleetPage(): ReactNode {
  const [snap, setSnap] = useState<Snapshot>();
  const [error, setError] = useState<string>();
  const [auto, setAuto] = useState(true);
  const [selected, setSelected] = useState<string>();
  const [model, setModel] = useState('all');
  const [filter, setFilter] = useState('');
  const local = useRef<HistoryPoint[]>([]);

  const load = useCallback(async () => {
    try {
      const [nodes, placements, summary, history] = await Promise.all([
        api<{ nodes: FleetNode[] }>('/v1/nodes'),
        api<{ placements: Placement[]; gpuAllocationPercent: number }>('/v1/placements'),
        optionalApi<FleetSummary>('/v1/fleet/summary'),
        optionalApi<{ points: HistoryPoint[] }>('/v1/fleet/history'),
      ]);
      const at = Date.now();
      if (!history) {
        local.current = [
          ...local.current.slice(-719),
          {
            t: at,
            gpuAllocationPercent: summary?.gpuAllocationPercent ?? placements.gpuAllocationPercent,
            fragRatioPercent: summary?.fragRatioPercent ?? undefined,
            fragAmountGpus: summary?.fragAmountGpus ?? undefined,
            placements: placements.placements.length,
          },
        ];
      }
      setSnap({
        nodes: nodes.nodes,
        placements: placements.placements,
        gpuAllocationPercent: placements.gpuAllocationPercent,
        summary,
        history: history?.points,
        at,
      });
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!auto) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [auto, load]);

  const summary = useMemo(
    () => (snap ? (snap.summary ?? summaryFromNodes(snap.nodes, snap.gpuAllocationPercent)) : undefined),
    [snap],
  );

  if (!snap) {
    return (
      <div className="page fleet">
        <h1>Fleet</h1>
        {error ? (
          <Notice kind="error">Cannot read the live fleet: {error}</Notice>
        ) : (
          <Notice kind="loading">Loading the live fleet…</Notice>
        )}
      </div>
    );
  }

  const models = [...new Set(snap.nodes.map((n) => n.model || 'CPU only'))].sort();
  const visible = snap.nodes.filter(
    (n) =>
      (model === 'all' || (n.model || 'CPU only') === model) && (filter === '' || n.name.includes(filter)),
  );
  const history = snap.history ?? local.current;

  return (
    <div className="page fleet">
      <h1>Fleet</h1>
      {error ? <Notice kind="error">Refresh failed: {error} (showing the last good state)</Notice> : null}
      <div className="toolbar">
        <span className="muted">
          Updated {new Date(snap.at).toLocaleTimeString()} · {fmtInt(snap.placements.length)} placements
        </span>
        <label className="check">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> auto-refresh (5
          s)
        </label>
        <button type="button" onClick={() => void load()}>
          Refresh now
        </button>
      </div>
      {summary ? (
        <div className="stats" data-testid="fleet-stats">
          {summary.policy ? <Stat label="policy" value={summary.policy} /> : null}
          <Stat label="nodes" value={fmtInt(summary.nodes)} />
          <Stat label="devices" value={fmtInt(summary.devices)} />
          <Stat label="GPU allocation" value={`${fmt(summary.gpuAllocationPercent)} %`} />
          <Stat
            label="fragmented GPUs"
            value={summary.fragAmountGpus === null ? '—' : fmt(summary.fragAmountGpus, 1)}
            hint={
              snap.summary === undefined
                ? 'this server has no /v1/fleet/summary'
                : summary.fragAmountGpus === null
                  ? 'unknown: the server has no target workload (typical pods)'
                  : undefined
            }
          />
          <Stat
            label="fragmented / idle"
            value={summary.fragRatioPercent === null ? '—' : `${fmt(summary.fragRatioPercent, 1)} %`}
          />
        </div>
      ) : null}
      {snap.nodes.length === 0 ? (
        <Notice kind="empty">The service has no nodes.</Notice>
      ) : (
        <div className="columns fleet-columns">
          <section className="panel map-panel" aria-labelledby="occupancy">
            <h2 id="occupancy">Occupancy</h2>
            <div className="toolbar">
              <label className="field inline">
                Model
                <select value={model} onChange={(e) => setModel(e.target.value)}>
                  <option value="all">all</option>
                  {models.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field inline">
                Node name
                <input
                  type="search"
                  value={filter}
                  onChange={(e) => setFilter(e.target.value)}
                  placeholder="filter"
                />
              </label>
              <Legend />
            </div>
            <OccupancyMap
              nodes={visible}
              placements={snap.placements}
              selected={selected}
              onSelect={setSelected}
            />
            {visible.length === 0 ? <Notice kind="empty">No node matches the filter.</Notice> : null}
          </section>
          {selected ? (
            <NodePanel
              name={selected}
              node={snap.nodes.find((n) => n.name === selected)}
              placements={snap.placements}
              refreshedAt={snap.at}
              onClose={() => setSelected(undefined)}
            />
          ) : null}
        </div>
      )}
      <div className="chart-grid two">
        <section className="panel" aria-labelledby="over-time">
          <h2 id="over-time">Allocation and fragmentation over time</h2>
          {snap.history ? null : (
            <p className="muted">
              This server keeps no history (/v1/fleet/history); sampled every 5 s since this page opened.
            </p>
          )}
          <HistoryChart points={history} />
        </section>
        {summary ? (
          <section className="panel" aria-labelledby="by-model">
            <h2 id="by-model">By accelerator model</h2>
            <ModelBreakdown summary={summary} />
          </section>
        ) : null}
      </div>
    </div>
  );
}

function Legend(): ReactNode {
  return (
    <ul className="legend" aria-label="legend">
      <li>
        <span className="cell-sample free" aria-hidden="true" /> free
      </li>
      <li>
        <span className="cell-sample whole" aria-hidden="true" /> whole device
      </li>
      <li>
        <span className="cell-sample shared" aria-hidden="true" /> shared (fill = allocated fraction)
      </li>
    </ul>
  );
}

interface DeviceUse {
  usedMilli: number;
  shared: boolean;
  pods: number;
}

function deviceUse(node: FleetNode, placements: Placement[]): DeviceUse[] {
  const use = node.gpuMilliLeft.map((left) => ({ usedMilli: 1000 - left, shared: false, pods: 0 }));
  for (const p of placements) {
    if (p.node !== node.name) continue;
    for (const d of p.devices) {
      const u = use[d];
      if (!u) continue;
      u.pods++;
      if (p.milliPerDevice < 1000) u.shared = true;
    }
  }
  return use;
}

function OccupancyMap({
  nodes,
  placements,
  selected,
  onSelect,
}: {
  nodes: FleetNode[];
  placements: Placement[];
  selected?: string;
  onSelect: (name: string) => void;
}): ReactNode {
  const byNode = useMemo(() => {
    const m = new Map<string, Placement[]>();
    for (const p of placements) {
      const list = m.get(p.node);
      if (list) list.push(p);
      else m.set(p.node, [p]);
    }
    return m;
  }, [placements]);
  return (
    <ul
      className="occupancy"
      data-testid="occupancy"
      aria-label="nodes and their devices; select a node to see its pods"
    >
      {nodes.map((n) => {
        const use = deviceUse(n, byNode.get(n.name) ?? []);
        const describe = use
          .map(
            (u, d) =>
              `device ${d} ${u.usedMilli === 0 ? 'free' : `${Math.round(u.usedMilli / 10)} %${u.shared ? ' shared' : ''}`}`,
          )
          .join(', ');
        return (
          <li key={n.name}>
            <button
              type="button"
              className={`node${selected === n.name ? ' selected' : ''}`}
              aria-pressed={selected === n.name}
              aria-label={`${n.name}, ${n.model || 'CPU only'}, ${n.pods} pods${describe ? `: ${describe}` : ''}`}
              data-node={n.name}
              onClick={() => onSelect(n.name)}
              title={n.name}
            >
              <span className="node-name">{n.name}</span>
              <span className="devices">
                {use.length === 0 ? <span className="cpu-only">CPU</span> : null}
                {use.map((u, d) => (
                  <span
                    key={d}
                    className={`device ${u.usedMilli === 0 ? 'free' : u.shared ? 'shared' : 'whole'}`}
                    data-used={u.usedMilli}
                  >
                    <span className="device-fill" style={{ height: `${u.usedMilli / 10}%` }} />
                  </span>
                ))}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function NodePanel({
  name,
  node,
  placements,
  refreshedAt,
  onClose,
}: {
  name: string;
  node?: FleetNode;
  placements: Placement[];
  refreshedAt: number;
  onClose: () => void;
}): ReactNode {
  const heading = useRef<HTMLHeadingElement>(null);
  const [detail, setDetail] = useState<(FleetNode & { placements: Placement[] }) | null>();
  useEffect(() => {
    heading.current?.focus();
  }, [name]);
  useEffect(() => {
    let cancelled = false;
    optionalApi<FleetNode & { placements: Placement[] }>(`/v1/nodes/${encodeURIComponent(name)}`)
      .then((d) => !cancelled && setDetail(d && Array.isArray(d.placements) ? d : null))
      .catch(() => !cancelled && setDetail(null));
    return () => {
      cancelled = true;
    };
  }, [name, refreshedAt]);
  const pods = detail ? detail.placements : placements.filter((p) => p.node === name);
  return (
    <section
      className="panel node-panel"
      aria-labelledby="node-heading"
      data-testid="node-panel"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="panel-head">
        <h2 id="node-heading" tabIndex={-1} ref={heading}>
          {name}
        </h2>
        <button type="button" onClick={onClose} aria-label="close node details">
          ×
        </button>
      </div>
      {node ? (
        <p className="muted">
          {node.model || 'CPU only'} · {node.gpuCount} devices · CPU{' '}
          {fmt((node.cpuMilli - node.cpuMilliLeft) / 1000, 1)} / {fmt(node.cpuMilli / 1000, 0)} cores · memory{' '}
          {fmt((node.memMiB - node.memMiBLeft) / 1024, 0)} / {fmt(node.memMiB / 1024, 0)} GiB
        </p>
      ) : (
        <Notice kind="error">Node {name} is no longer in the fleet.</Notice>
      )}
      {pods.length === 0 ? (
        <Notice kind="empty">No pods on this node.</Notice>
      ) : (
        <div className="table-scroll">
          <table className="data" data-testid="node-pods">
            <caption>Pods on {name}</caption>
            <thead>
              <tr>
                <th scope="col">pod</th>
                <th scope="col">device #</th>
                <th scope="col">milli / device</th>
                <th scope="col">CPU (cores)</th>
                <th scope="col">memory (GiB)</th>
              </tr>
            </thead>
            <tbody>
              {pods.map((p) => (
                <tr key={p.uid}>
                  <th scope="row">
                    {p.namespace}/{p.name}
                  </th>
                  <td>{p.devices.length ? p.devices.join(', ') : '—'}</td>
                  <td>{p.milliPerDevice || '—'}</td>
                  <td>{fmt(p.cpuMilli / 1000, 1)}</td>
                  <td>{fmt(p.memMiB / 1024, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function HistoryChart({ points }: { points: HistoryPoint[] }): ReactNode {
  const option = useMemo(() => {
    const hasFrag = points.some((p) => p.fragRatioPercent !== undefined && p.fragRatioPercent !== null);
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt(v, 1) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', name: '%', min: 0, max: 100 },
      series: [
        {
          name: 'GPU allocation %',
          type: 'line',
          showSymbol: points.length < 3,
          color: '#1f5fbf',
          data: points.map((p) => [p.t, p.gpuAllocationPercent]),
        },
        ...(hasFrag
          ? [
              {
                name: 'fragmented / idle %',
                type: 'line',
                showSymbol: points.length < 3,
                color: '#f2a03d',
                data: points.map((p) => [p.t, p.fragRatioPercent ?? null]),
              },
            ]
          : []),
      ],
    };
  }, [points]);
  if (points.length === 0) return <Notice kind="empty">No samples yet.</Notice>;
  return (
    <Chart
      types={['line']}
      option={option}
      label="GPU allocation and fragmentation over time"
      height={240}
      testId="chart-history"
    />
  );
}

function ModelBreakdown({ summary }: { summary: FleetSummary }): ReactNode {
  const entries = useMemo(
    () => Object.entries(summary.perModel).sort((a, b) => b[1].devices - a[1].devices),
    [summary],
  );
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${fmt(v, 1)} %` },
      grid: { left: 80, right: 16, top: 12, bottom: 28 },
      xAxis: { type: 'value', min: 0, max: 100, name: 'allocation %' },
      yAxis: { type: 'category', data: entries.map(([m]) => m), inverse: true },
      series: [
        {
          type: 'bar',
          name: 'allocation %',
          color: '#1f5fbf',
          data: entries.map(([, v]) => v.allocationPercent),
        },
      ],
    }),
    [entries],
  );
  if (entries.length === 0) return <Notice kind="empty">No accelerators in this fleet.</Notice>;
  return (
    <>
      <Chart
        types={['bar']}
        option={option}
        label="GPU allocation by accelerator model"
        height={Math.max(120, 28 * entries.length + 40)}
        testId="chart-models"
      />
      <div className="table-scroll">
        <table className="data" data-testid="model-table">
          <caption className="sr-only">Allocation by accelerator model</caption>
          <thead>
            <tr>
              <th scope="col">model</th>
              <th scope="col">nodes</th>
              <th scope="col">devices</th>
              <th scope="col">allocated GPUs</th>
              <th scope="col">allocation %</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([m, v]) => (
              <tr key={m}>
                <th scope="row">{m}</th>
                <td>{fmtInt(v.nodes)}</td>
                <td>{fmtInt(v.devices)}</td>
                <td>{fmt(v.allocatedMilli / 1000, 2)}</td>
                <td>{fmt(v.allocationPercent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
