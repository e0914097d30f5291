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
import type { NodeSpec } from '../model/node.js';
import { ErrorCode, InputError } from '../errors.js';
import { loadOpenbNodes } from '../traces/openb.js';
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
export const OPENB_KNOWN: Readonly<Record<string, string>> = {
  P100: 'nvidia-p100',
  T4: 'nvidia-t4',
  V100M16: 'nvidia-v100-16gb',
  V100M32: 'nvidia-v100-32gb',
  A10: 'nvidia-a10',
};

/**
 * Default catalog ids of the undisclosed openb types. Both come only as 8-GPU nodes, which points at HGX-class
 * data-centre parts rather than the PCIe inference cards the trace does name (T4, A10); the datacentre parts of the
 * trace's period (2021–2023) that Alibaba would not name are the A100 and its China variant the A800. G3's larger
 * host (128 cores, 768 GiB, against G2's 96 cores, 384 GiB) reads as the newer generation, hence A800 for G3.
 * This is an inference from node shapes, not a published fact.
 */
export const OPENB_UNDISCLOSED: ModelTable['undisclosed'] = {
  G2: { id: 'nvidia-a100', why: '8-GPU nodes of 96 cores / 384 GiB, taken for HGX A100' },
  G3: { id: 'nvidia-a800', why: '8-GPU nodes of 128 cores / 768 GiB, taken for the newer HGX A800' },
};

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
