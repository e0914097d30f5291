/**
 * @module fleet/from-openb
 * A fleet from an openb node list (Alibaba cluster-trace-gpu-v2023): one pool per distinct (GPU model, GPU count,
 * CPU, memory), sorted by model and size, each keeping the openb type string as its `gpuModelAlias` so the
 * pod lists' gpu_spec constraints still match.
 *
 * The trace names five types plainly and two not at all. The undisclosed ones get a default the caller can
 * override (see {@link OPENB_UNDISCLOSED}); the choice is a guess and is written into the converted file.
 *
 * Note: pools number their nodes afresh, so a converted fleet lists the nodes grouped by pool, not in the node
 * list's order; tie-breaks that depend on node order can therefore differ from a run on the CSV itself.
 */
import type { NodeSpec } from '../model/index.js';
import { ErrorCode, InputError } from '../errors/index.js';
import { loadOpenbNodes } from '../traces/index.js';
import { OPENB_GPU_TYPES } from '../catalog/index.js';
import {
  coresTag,
  byText,
  mapModels,
  memTag,
  siteOf,
  slug,
  uniqueName,
  type ConvertOptions,
  type Conversion,
  type ModelTable,
} from './convert-common.js';
import { FLEET_DEFAULTS, type Pool } from './fleet-schema.js';

/** The disclosed openb types and their catalog ids. */
/** Catalog ids of the openb types the trace names (derived from the catalog's one table of openb types). */
export const OPENB_KNOWN: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(OPENB_GPU_TYPES)
    .filter(([, t]) => !t.assumed)
    .map(([name, t]) => [name, t.id]),
);

/**
 * Default catalog ids of the undisclosed openb types (G2, G3): the catalog's defaults, where the reasoning is
 * written down (catalog/accelerators, OPENB_GPU_TYPES); `--map` overrides them.
 */
export const OPENB_UNDISCLOSED: ModelTable['undisclosed'] = Object.fromEntries(
  Object.entries(OPENB_GPU_TYPES)
    .filter(([, t]) => t.assumed)
    .map(([name, t]) => [name, { id: t.id, why: (t.why ?? '').replace(/^undisclosed; /, '') }]),
);

const OPENB_TABLE: ModelTable = {
  what: 'openb node list',
  known: OPENB_KNOWN,
  undisclosed: OPENB_UNDISCLOSED,
};

/** Loads an openb node list and converts it ({@link fleetFromOpenbNodes}). */
export async function fleetFromOpenbFile(file: string, options: ConvertOptions = {}): Promise<Conversion> {
  return fleetFromOpenbNodes(await loadOpenbNodes(file), options, file);
}

/** Groups openb nodes into pools; CPU-only nodes are skipped and counted. `file` names the source in errors. */
export function fleetFromOpenbNodes(
  nodes: readonly NodeSpec[],
  options: ConvertOptions = {},
  file?: string,
): Conversion {
  const groups = new Map<string, { node: NodeSpec; count: number }>();
  let skippedNodes = 0;
  for (const n of nodes) {
    if (n.gpuCount === 0) {
      skippedNodes++;
      continue;
    }
    const key = `${n.gpuModel}\u0000${n.gpuCount}\u0000${n.cpuMilli}\u0000${n.memMiB}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { node: n, count: 1 });
  }
  if (groups.size === 0) {
    throw new InputError(ErrorCode.FileEmpty, {
      ...(file !== undefined ? { file } : {}),
      message: 'no GPU node in the openb node list (a fleet needs at least one node with GPUs)',
    });
  }
  // Pools sorted by model, then size, so that a converted file reads like an inventory.
  const sorted = [...groups.values()].sort(
    (x, y) =>
      byText(x.node.gpuModel, y.node.gpuModel) ||
      x.node.gpuCount - y.node.gpuCount ||
      x.node.cpuMilli - y.node.cpuMilli ||
      x.node.memMiB - y.node.memMiB,
  );
  const models = [...new Set(sorted.map((g) => g.node.gpuModel))];
  const { ids, assumptions } = mapModels(models, OPENB_TABLE, options, file);
  const used = new Set<string>();
  const pools: Pool[] = sorted.map(({ node: n, count }) => ({
    name: uniqueName(`${slug(n.gpuModel)}-${n.gpuCount}x-${coresTag(n.cpuMilli)}-${memTag(n.memMiB)}`, used),
    accelerator: ids.get(n.gpuModel)!,
    nodes: count,
    devicesPerNode: n.gpuCount,
    cpuMilli: n.cpuMilli,
    memoryMiB: n.memMiB,
    nodePowerOverheadW: FLEET_DEFAULTS.nodePowerOverheadW,
    pricing: {
      kind: 'capex',
      usdPerNodeOverhead: FLEET_DEFAULTS.usdPerNodeOverhead,
      amortisationYears: FLEET_DEFAULTS.amortisationYears,
    },
    labels: {},
    gpuModelAlias: n.gpuModel,
  }));
  return { fleet: { site: siteOf(options.site, 'openb'), pools }, assumptions, skippedNodes };
}
