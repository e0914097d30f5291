/**
 * The occupancy map: one button per node with a cell per device, filled to its allocated fraction and marked
 * whole or shared; a click selects the node. A defrag plan, when one is shown, is drawn over the cells: the
 * devices moved pods leave outlined (dashed), those they arrive on ringed, those the pending pod takes hatched —
 * each said in the device's title and the node's label too. The legend explains the cells.
 */
import { useMemo, type ReactNode } from 'react';
import type { FleetNode, Placement } from '../../types';
import { describeDeviceMarks, type DeviceMarks, type PlanMarks } from './defrag-marks';
import { describeDevices, deviceUse, placementsByNode } from './device-use';

const CPU_ONLY = 'CPU only';

/** A node's model as the map shows it (CPU-only nodes have none). */
export function modelOf(node: FleetNode): string {
  return node.model || CPU_ONLY;
}

/** The mark classes of a device (`mark-leaves mark-pending`), in a fixed order; empty when unmarked. */
function markKinds(m: DeviceMarks | undefined): string[] {
  if (!m) return [];
  return (['leaves', 'arrives', 'pending'] as const).filter((k) => m[k].length > 0);
}

export function OccupancyLegend({ plan = false }: { plan?: boolean }): ReactNode {
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
      {plan ? (
        <>
          <li>
            <span className="cell-sample mark-leaves" aria-hidden="true" /> a moved pod leaves
          </li>
          <li>
            <span className="cell-sample mark-arrives" aria-hidden="true" /> a moved pod arrives
          </li>
          <li>
            <span className="cell-sample mark-pending" aria-hidden="true" /> the pending pod goes
          </li>
        </>
      ) : null}
    </ul>
  );
}

export function OccupancyMap({
  nodes,
  placements,
  selected,
  onSelect,
  marks,
}: {
  nodes: FleetNode[];
  placements: Placement[];
  selected?: string;
  onSelect: (name: string) => void;
  /** A defrag plan to draw over the devices. */
  marks?: PlanMarks;
}): ReactNode {
  const byNode = useMemo(() => placementsByNode(placements), [placements]);
  return (
    <ul
      className="occupancy"
      data-testid="occupancy"
      aria-label="nodes and their devices; select a node to see its pods"
    >
      {nodes.map((n) => {
        const use = deviceUse(n, byNode.get(n.name) ?? []);
        const describe = describeDevices(use);
        const planned = marks?.get(n.name);
        const plan = planned ? `; plan: ${planned.notes.join('; ')}` : '';
        return (
          <li key={n.name}>
            <button
              type="button"
              className={`node${selected === n.name ? ' selected' : ''}${planned ? ' in-plan' : ''}`}
              aria-pressed={selected === n.name}
              aria-label={`${n.name}, ${modelOf(n)}, ${n.pods} pods${describe ? `: ${describe}` : ''}${plan}`}
              data-node={n.name}
              onClick={() => onSelect(n.name)}
              title={n.name}
            >
              <span className="node-name">{n.name}</span>
              <span className="devices">
                {use.length === 0 ? <span className="cpu-only">CPU</span> : null}
                {use.map((u, d) => {
                  const m = planned?.devices.get(d);
                  const kinds = markKinds(m);
                  return (
                    <span
                      key={d}
                      className={[
                        'device',
                        u.usedMilli === 0 ? 'free' : u.shared ? 'shared' : 'whole',
                        ...kinds.map((k) => `mark-${k}`),
                      ].join(' ')}
                      data-used={u.usedMilli}
                      data-marks={kinds.length > 0 ? kinds.join(' ') : undefined}
                      title={m ? `device ${d}: ${describeDeviceMarks(m)}` : undefined}
                    >
                      <span className="device-fill" style={{ height: `${u.usedMilli / 10}%` }} />
                    </span>
                  );
                })}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
