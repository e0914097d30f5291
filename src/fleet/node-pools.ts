/**
 * @module fleet/node-pools
 * Nodes grouped into pools: one pool per distinct (GPU model, GPU count, CPU, memory), sorted by model and size so
 * that a converted file reads like an inventory, each keeping the node list's model string as its `gpuModelAlias`
 * (pods' gpu_spec constraints still match). The openb conversion and the snapshot of a live cluster share it; the
 * snapshot keeps each pool's node names.
 */
import type { NodeSpec } from '../model/index.js';
import { byText, coresTag, memTag, slug, uniqueName } from './convert-common.js';
import { FLEET_DEFAULTS, type Pool } from './fleet-schema.js';

/** The pools of `nodes` (all with devices); `ids` maps each model string to its catalog id. */
export function poolsOfNodes(
  nodes: readonly NodeSpec[],
  ids: ReadonlyMap<string, string>,
  options: { readonly keepNames?: boolean } = {},
): Pool[] {
  const groups = new Map<string, { node: NodeSpec; names: string[] }>();
  for (const n of nodes) {
    const key = `${n.gpuModel}\u0000${n.gpuCount}\u0000${n.cpuMilli}\u0000${n.memMiB}`;
    const g = groups.get(key);
    if (g) g.names.push(n.name);
    else groups.set(key, { node: n, names: [n.name] });
  }
  const sorted = [...groups.values()].sort(
    (x, y) =>
      byText(x.node.gpuModel, y.node.gpuModel) ||
      x.node.gpuCount - y.node.gpuCount ||
      x.node.cpuMilli - y.node.cpuMilli ||
      x.node.memMiB - y.node.memMiB,
  );
  const used = new Set<string>();
  return sorted.map(({ node: n, names }) =>
    convertedPool({
      name: uniqueName(
        `${slug(n.gpuModel)}-${n.gpuCount}x-${coresTag(n.cpuMilli)}-${memTag(n.memMiB)}`,
        used,
      ),
      accelerator: ids.get(n.gpuModel)!,
      nodes: names.length,
      devicesPerNode: n.gpuCount,
      cpuMilli: n.cpuMilli,
      memoryMiB: n.memMiB,
      gpuModelAlias: n.gpuModel,
      ...(options.keepNames === true ? { nodeNames: names } : {}),
    }),
  );
}

/** A pool of a converted node list: its shape, and the fleet-file defaults for power, price and labels. */
export function convertedPool(
  shape: Pick<
    Pool,
    | 'name'
    | 'accelerator'
    | 'nodes'
    | 'devicesPerNode'
    | 'cpuMilli'
    | 'memoryMiB'
    | 'gpuModelAlias'
    | 'nodeNames'
  >,
): Pool {
  return {
    ...shape,
    nodePowerOverheadW: FLEET_DEFAULTS.nodePowerOverheadW,
    pricing: {
      kind: 'capex',
      usdPerNodeOverhead: FLEET_DEFAULTS.usdPerNodeOverhead,
      amortisationYears: FLEET_DEFAULTS.amortisationYears,
    },
    labels: {},
  };
}
