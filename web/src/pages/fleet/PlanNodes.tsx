/**
 * The nodes a defrag plan touches, each with its devices and the plan's marks on them (read from GET
 * /v1/nodes/{name}: a plan names a few nodes, so they are drawn in full while the fleet stays on the canvas).
 */
import type { ReactNode } from 'react';
import type { PlanMarks } from './defrag-marks';
import { DeviceStrip } from './DeviceStrip';
import { sharedDevices, useNodeDetail } from './NodePanel';

function PlanNode({
  name,
  marks,
  refreshedAt,
  onSelect,
}: {
  name: string;
  marks: PlanMarks;
  refreshedAt: number;
  onSelect: (name: string) => void;
}): ReactNode {
  const { detail } = useNodeDetail(name, refreshedAt);
  const planned = marks.get(name)!;
  return (
    <li>
      <button
        type="button"
        className="node in-plan"
        data-node={name}
        aria-label={`${name}; plan: ${planned.notes.join('; ')}`}
        onClick={() => onSelect(name)}
        title={name}
      >
        <span className="node-name">{name}</span>
        {detail ? (
          <DeviceStrip node={detail} shared={sharedDevices(detail.placements)} marks={planned} />
        ) : null}
      </button>
    </li>
  );
}

export function PlanNodes({
  marks,
  refreshedAt,
  onSelect,
}: {
  marks: PlanMarks;
  refreshedAt: number;
  onSelect: (name: string) => void;
}): ReactNode {
  if (marks.size === 0) return null;
  return (
    <div className="plan-nodes">
      <h3>Nodes in the plan</h3>
      <ul
        className="node-list"
        data-testid="plan-nodes"
        aria-label="the nodes the plan touches and its marks"
      >
        {[...marks.keys()].map((name) => (
          <PlanNode key={name} name={name} marks={marks} refreshedAt={refreshedAt} onSelect={onSelect} />
        ))}
      </ul>
    </div>
  );
}
