/**
 * Fleet: the live state of `hyperfleet serve` — a node × device occupancy map showing shared fractions, GPU
 * allocation and fragmentation over time, a breakdown by accelerator model, a node's pods on click, and the moves
 * that would make room for a what-if pod (drawn on the map, executable behind the API token). Routes
 * the server does not have yet (/v1/fleet/summary, /v1/fleet/history, /v1/nodes/{name}) degrade gracefully:
 * per-model totals are summed from /v1/nodes, history is sampled while the page is open.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { fmtInt } from '../../components/format';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import type { DefragPlan } from '../../types';
import { planMarks } from './defrag-marks';
import { DefragPanel } from './DefragPanel';
import { FleetStats } from './FleetStats';
import { HistoryChart } from './HistoryChart';
import { ModelBreakdown } from './ModelBreakdown';
import { NodePanel } from './NodePanel';
import { modelOf, OccupancyLegend, OccupancyMap } from './OccupancyMap';
import { REFRESH_MS, useFleetSnapshot } from './useFleetSnapshot';

const ALL = 'all';

export function FleetPage(): ReactNode {
  const [auto, setAuto] = useState(true);
  const { snap, error, summary, history, load } = useFleetSnapshot(auto);
  const [selected, setSelected] = useState<string>();
  const [model, setModel] = useState(ALL);
  const [filter, setFilter] = useState('');
  const [plan, setPlan] = useState<DefragPlan>();
  const marks = useMemo(() => (plan ? planMarks(plan) : undefined), [plan]);

  if (!snap) {
    return (
      <div className="page fleet">
        <h1>Fleet</h1>
        <Loading error={error} loading="Loading the live fleet…" failed="Cannot read the live fleet" />
      </div>
    );
  }

  const models = [...new Set(snap.nodes.map(modelOf))].sort();
  const deviceModels = [...new Set(snap.nodes.filter((n) => n.gpuCount > 0).map((n) => n.model))].sort();
  const visible = snap.nodes.filter(
    (n) => (model === ALL || modelOf(n) === model) && (filter === '' || n.name.includes(filter)),
  );

  return (
    <div className="page fleet">
      <h1>Fleet</h1>
      {error ? <Notice kind="error">Refresh failed: {error} (showing the last good state)</Notice> : null}
      <div className="toolbar">
        <span className="muted">
          Updated {new Date(snap.at).toLocaleTimeString()} · {fmtInt(snap.placements.length)} placements
        </span>
        <label className="check">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> auto-refresh (
          {REFRESH_MS / 1000} s)
        </label>
        <button type="button" onClick={() => void load()}>
          Refresh now
        </button>
      </div>
      {summary ? <FleetStats summary={summary} fromServer={snap.summary !== undefined} /> : null}
      {snap.nodes.length === 0 ? (
        <Notice kind="empty">The service has no nodes.</Notice>
      ) : (
        <div className="columns fleet-columns">
          <section className="panel map-panel" aria-labelledby="occupancy">
            <h2 id="occupancy">Occupancy</h2>
            <div className="toolbar">
              <SelectField label="Model" inline value={model} onChange={setModel}>
                <option value={ALL}>all</option>
                {models.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </SelectField>
              <TextField
                label="Node name"
                inline
                type="search"
                value={filter}
                onChange={setFilter}
                placeholder="filter"
              />
              <OccupancyLegend plan={marks !== undefined && marks.size > 0} />
            </div>
            <OccupancyMap
              nodes={visible}
              placements={snap.placements}
              selected={selected}
              onSelect={setSelected}
              marks={marks}
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
      {snap.nodes.length > 0 ? <DefragPanel models={deviceModels} plan={plan} onPlan={setPlan} /> : null}
      <div className="chart-grid two">
        <section className="panel" aria-labelledby="over-time">
          <h2 id="over-time">Allocation and fragmentation over time</h2>
          {snap.history ? null : (
            <p className="muted">
              This server keeps no history (/v1/fleet/history); sampled every {REFRESH_MS / 1000} s since this
              page opened.
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
