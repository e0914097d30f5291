/** How each device of a node is used: allocated milli-GPU, whether it is shared, and by how many pods. */
import type { FleetNode, Placement } from '../../types';

export interface DeviceUse {
  usedMilli: number;
  shared: boolean;
  pods: number;
}

/** The devices of `node`, given the placements on it (others are ignored). */
export function deviceUse(node: FleetNode, placements: Placement[]): DeviceUse[] {
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

/** What a screen reader hears for the devices: "device 0 free, device 1 50 % shared, …". */
export function describeDevices(use: DeviceUse[]): string {
  return use
    .map(
      (u, d) =>
        `device ${d} ${u.usedMilli === 0 ? 'free' : `${Math.round(u.usedMilli / 10)} %${u.shared ? ' shared' : ''}`}`,
    )
    .join(', ');
}

/** The placements grouped by node name. */
export function placementsByNode(placements: Placement[]): Map<string, Placement[]> {
  const byNode = new Map<string, Placement[]>();
  for (const p of placements) {
    const list = byNode.get(p.node);
    if (list) list.push(p);
    else byNode.set(p.node, [p]);
  }
  return byNode;
}
