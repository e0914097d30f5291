/**
 * Fleet: the live state of `hyperfleet serve` at any scale — an occupancy heat map on one canvas (a cell per node,
 * grouped by pool × model, filtered by model, pool and state through the API), the groups as a list, a group's
 * nodes a page at a time with their devices, a node's devices and pods, allocation and fragmentation over time, a
 * breakdown by accelerator model, and the moves that would make room for a what-if pod (ringed on the map and
 * drawn on the devices of the nodes they touch, executable behind the API token). The page never loads the whole
 * node or placement list, so its DOM stays the same size at 100 nodes or 100,000.
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { fmt, fmtInt } from '../../components/format';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import type { DefragPlan, OccupancyGroup } from '../../types';
import { planMarks } from './defrag-marks';
import { DefragPanel } from './DefragPanel';
import { FleetStats } from './FleetStats';
import { GroupNodes } from './GroupNodes';
import { HeatMap, positionsOf } from './HeatMap';
import { HistoryChart } from './HistoryChart';
import { ModelBreakdown } from './ModelBreakdown';
import { NodePanel } from './NodePanel';
import { CPU_ONLY, groupName, NO_POOL } from './occupancy-groups';
import { OccupancyLegend } from './OccupancyLegend';
import { PlanNodes } from './PlanNodes';
import { REFRESH_MS, useFleetSnapshot } from './useFleetSnapshot';

const ALL = '\u0000all';
const STATES = ['free', 'partial', 'full', 'cordoned'];

/** The group open in the drill-down, and the node its first page starts after (opened from a cell). */
interface Opened {
  pool: string;
  model: string;
  startAfter?: string;
}

export function FleetPage(): ReactNode {
  const [auto, setAuto] = useState(true);
  const [model, setModel] = useState(ALL);
  const [pool, setPool] = useState(ALL);
  const [state, setState] = useState('');
  const query = useMemo(() => {
    const q = new URLSearchParams();
    if (model !== ALL) q.set('model', model);
    if (pool !== ALL) q.set('pool', pool);
    if (state) q.set('state', state);
    return q.toString();
  }, [model, pool, state]);
  const { snap, error, history, load } = useFleetSnapshot(auto, query);
  const [selected, setSelected] = useState<string>();
  const [opened, setOpened] = useState<Opened>();
  const [find, setFind] = useState('');
  const [plan, setPlan] = useState<DefragPlan>();
  const marks = useMemo(() => (plan ? planMarks(plan) : undefined), [plan]);
  const planned = useMemo(() => (marks ? [...marks.keys()] : []), [marks]);
  const positions = useMemo(() => (snap ? positionsOf(snap.occupancy) : new Map()), [snap]);
  /** Pools seen so far: the pool filter keeps offering them while another filter hides their nodes. */
  const pools = useRef(new Set<string>());

  if (!snap) {
    return (
      <div className="page fleet">
        <h1>Fleet</h1>
        <Loading error={error} loading="Loading the live fleet…" failed="Cannot read the live fleet" />
      </div>
    );
  }

  const { occupancy, summary } = snap;
  for (const g of occupancy.groups) pools.current.add(g.pool);
  const models = Object.keys(summary.perModel).sort();
  const group = opened && occupancy.groups.find((g) => g.pool === opened.pool && g.model === opened.model);
  const open = (g: OccupancyGroup, cell?: number) => {
    setOpened({ pool: g.pool, model: g.model, startAfter: cell ? g.names[cell - 1] : undefined });
    if (cell !== undefined) setSelected(g.names[cell]);
  };

  return (
    <div className="page fleet">
      <h1>Fleet</h1>
      {error ? <Notice kind="error">Refresh failed: {error} (showing the last good state)</Notice> : null}
      <div className="toolbar">
        <span className="muted">
          Updated {new Date(snap.at).toLocaleTimeString()} · {fmtInt(summary.placements)} placements
        </span>
        <label className="check">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> auto-refresh (
          {REFRESH_MS / 1000} s)
        </label>
        <button type="button" onClick={() => void load()}>
          Refresh now
        </button>
      </div>
      <FleetStats summary={summary} fromServer />
      {summary.nodes === 0 ? (
        <Notice kind="empty">The service has no nodes.</Notice>
      ) : (
        <div className="columns fleet-columns">
          <section className="panel map-panel" aria-labelledby="occupancy" data-testid="occupancy">
            <h2 id="occupancy">Occupancy</h2>
            <div className="toolbar">
              <SelectField label="Model" inline value={model} onChange={setModel}>
                <option value={ALL}>all</option>
                {models.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
                <option value="">{CPU_ONLY}</option>
              </SelectField>
              <SelectField label="Pool" inline value={pool} onChange={setPool}>
                <option value={ALL}>all</option>
                {[...pools.current].sort().map((p) => (
                  <option key={p} value={p}>
                    {p || NO_POOL}
                  </option>
                ))}
              </SelectField>
              <SelectField label="State" inline value={state} onChange={setState}>
                <option value="">any</option>
                {STATES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </SelectField>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (find.trim()) setSelected(find.trim());
                }}
              >
                <TextField
                  label="Node"
                  inline
                  type="search"
                  value={find}
                  onChange={setFind}
                  placeholder="name"
                />
              </form>
            </div>
            <OccupancyLegend plan={marks !== undefined && marks.size > 0} />
            {occupancy.nodes === 0 ? <Notice kind="empty">No node matches the filter.</Notice> : null}
            <HeatMap
              occupancy={occupancy}
              positions={positions}
              selected={selected}
              planned={planned}
              onOpen={(gi, cell) => open(occupancy.groups[gi], cell)}
            />
            <ul
              className="groups"
              data-testid="groups"
              aria-label="groups by pool and model; open one to list its nodes"
            >
              {occupancy.groups.map((g) => (
                <li key={`${g.pool}/${g.model}`}>
                  <button
                    type="button"
                    aria-pressed={group === g}
                    data-group={`${g.pool}/${g.model}`}
                    onClick={() => open(g)}
                  >
                    <strong>{groupName(g)}</strong> {fmtInt(g.nodes)} nodes · {fmt(g.allocationPercent, 1)} %
                    allocated · {fmtInt(g.freeDevices)} free devices
                    {g.fragmentedGpus === null ? '' : ` · ${fmt(g.fragmentedGpus, 1)} fragmented GPUs`} ·{' '}
                    {STATES.filter((s) => g.states[s as keyof typeof g.states] > 0)
                      .map((s) => `${fmtInt(g.states[s as keyof typeof g.states])} ${s}`)
                      .join(', ')}
                  </button>
                </li>
              ))}
            </ul>
            {marks ? <PlanNodes marks={marks} refreshedAt={snap.at} onSelect={setSelected} /> : null}
          </section>
          <div className="fleet-side">
            {selected ? (
              <NodePanel name={selected} refreshedAt={snap.at} onClose={() => setSelected(undefined)} />
            ) : null}
            {group ? (
              <GroupNodes
                group={group}
                state={state}
                startAfter={opened?.startAfter}
                selected={selected}
                refreshedAt={snap.at}
                onSelect={setSelected}
                onClose={() => setOpened(undefined)}
              />
            ) : null}
          </div>
        </div>
      )}
      {summary.nodes > 0 ? <DefragPanel models={models} plan={plan} onPlan={setPlan} /> : null}
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
        <section className="panel" aria-labelledby="by-model">
          <h2 id="by-model">By accelerator model</h2>
          <ModelBreakdown summary={summary} />
        </section>
      </div>
    </div>
  );
}
