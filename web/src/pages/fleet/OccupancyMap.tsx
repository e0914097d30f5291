/**
 * The occupancy map: one button per node with a cell per device, filled to its allocated fraction and marked
 * whole or shared; a click selects the node. The legend explains the cells.
 */
import { useMemo, type ReactNode } from 'react';
import type { FleetNode, Placement } from '../../types';
import { describeDevices, deviceUse, placementsByNode } from './device-use';

const CPU_ONLY = 'CPU only';

/** A node's model as the map shows it (CPU-only nodes have none). */
export function modelOf(node: FleetNode): string {
  return node.model || CPU_ONLY;
}

export function OccupancyLegend(): ReactNode {
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

export function OccupancyMap({
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
        return (
          <li key={n.name}>
            <button
              type="button"
              className={`node${selected === n.name ? ' selected' : ''}`}
              aria-pressed={selected === n.name}
              aria-label={`${n.name}, ${modelOf(n)}, ${n.pods} pods${describe ? `: ${describe}` : ''}`}
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
