/**
 * A node's devices as cells filled to their allocated fraction: whole (one pod has it all), shared (several pods,
 * or a fraction), free; with a defrag plan's marks when given — the devices moved pods leave outlined (dashed),
 * those they arrive on ringed, those the pending pod takes hatched, each said in the device's title. Used for the
 * few nodes on screen (a group's page, the selected node, the plan's nodes), never for the whole fleet.
 */
import type { ReactNode } from 'react';
import type { FleetNode } from '../../types';
import { describeDeviceMarks, type DeviceMarks, type NodeMarks } from './defrag-marks';

/** The mark classes of a device (`leaves pending`), in a fixed order; empty when unmarked. */
function markKinds(m: DeviceMarks | undefined): string[] {
  if (!m) return [];
  return (['leaves', 'arrives', 'pending'] as const).filter((k) => m[k].length > 0);
}

/** Whether device `d` is shared: known from the node's pods when given, else read from a partial fill. */
function isShared(used: number, d: number, shared?: ReadonlySet<number>): boolean {
  return shared ? shared.has(d) : used > 0 && used < 1000;
}

export function DeviceStrip({
  node,
  shared,
  marks,
}: {
  node: FleetNode;
  /** Devices held by a fraction or by several pods (from the node's placements). */
  shared?: ReadonlySet<number>;
  marks?: NodeMarks;
}): ReactNode {
  if (node.gpuCount === 0) {
    return (
      <span className="devices">
        <span className="cpu-only">CPU</span>
      </span>
    );
  }
  return (
    <span className="devices">
      {node.gpuMilliLeft.map((left, d) => {
        const used = 1000 - left;
        const m = marks?.devices.get(d);
        const kinds = markKinds(m);
        return (
          <span
            key={d}
            className={[
              'device',
              used === 0 ? 'free' : isShared(used, d, shared) ? 'shared' : 'whole',
              ...kinds.map((k) => `mark-${k}`),
            ].join(' ')}
            data-used={used}
            data-marks={kinds.length > 0 ? kinds.join(' ') : undefined}
            title={m ? `device ${d}: ${describeDeviceMarks(m)}` : `device ${d}: ${used} milli allocated`}
          >
            <span className="device-fill" style={{ height: `${used / 10}%` }} />
          </span>
        );
      })}
    </span>
  );
}

/** What a screen reader hears for the devices: "device 0 free, device 1 50 %, …". */
export function describeNodeDevices(node: FleetNode): string {
  return node.gpuMilliLeft
    .map((left, d) => `device ${d} ${left === 1000 ? 'free' : `${Math.round((1000 - left) / 10)} %`}`)
    .join(', ');
}
