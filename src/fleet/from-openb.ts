/**
 * @module fleet/from-openb
 * A fleet from an openb node list (Alibaba cluster-trace-gpu-v2023): one pool per distinct (GPU model, GPU count,
 * CPU, memory) (fleet/node-pools), each keeping the openb type string as its `gpuModelAlias` so the pod lists'
 * gpu_spec constraints still match.
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
  byText,
  mapModels,
  siteOf,
  type ConvertOptions,
  type Conversion,
  type ModelTable,
} from './convert-common.js';
import { poolsOfNodes } from './node-pools.js';

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
  const gpuNodes = nodes.filter((n) => n.gpuCount > 0);
  const skippedNodes = nodes.length - gpuNodes.length;
  if (gpuNodes.length === 0) {
    throw new InputError(ErrorCode.FileEmpty, {
      ...(file !== undefined ? { file } : {}),
      message: 'no GPU node in the openb node list (a fleet needs at least one node with GPUs)',
    });
  }
  const models = [...new Set(gpuNodes.map((n) => n.gpuModel))].sort(byText);
  const { ids, assumptions } = mapModels(models, OPENB_TABLE, options, file);
  const pools = poolsOfNodes(gpuNodes, ids);
  return { fleet: { site: siteOf(options.site, 'openb'), pools }, assumptions, skippedNodes };
}
