/**
 * @module fleet/from-live
 * A fleet from the nodes of a live cluster (the snapshot behind `GET /v1/snapshot` and `hyperfleet fleet
 * snapshot`): pools of identical nodes (fleet/node-pools) that keep the cluster's node names, so the placements of
 * the running pods name nodes the fleet has. A node's model string is a catalog id, an openb type (V100M32, G2…)
 * or one the caller maps (`map`); CPU-only nodes are left out, since a fleet pool has at least one device per node.
 */
import { ErrorCode, InputError } from '../errors/index.js';
import type { NodeSpec } from '../model/index.js';
import { byText, mapModels, siteOf, type ConvertOptions, type Conversion } from './convert-common.js';
import { OPENB_KNOWN, OPENB_UNDISCLOSED } from './from-openb.js';
import { poolsOfNodes } from './node-pools.js';

/** A live fleet as a fleet file, and the names of the CPU-only nodes left out. */
export interface LiveConversion extends Conversion {
  readonly skippedNodeNames: readonly string[];
}

/** Converts the nodes of a live cluster; throws an InputError naming each model without a catalog id. */
export function fleetFromLiveNodes(nodes: readonly NodeSpec[], options: ConvertOptions = {}): LiveConversion {
  const gpuNodes = nodes.filter((n) => n.gpuCount > 0);
  const skippedNodeNames = nodes.filter((n) => n.gpuCount === 0).map((n) => n.name);
  if (gpuNodes.length === 0) {
    throw new InputError(ErrorCode.FileEmpty, {
      field: 'nodes',
      message: `no node with devices in the live fleet (${nodes.length} node(s), all CPU-only): a fleet needs at least one`,
    });
  }
  const models = [...new Set(gpuNodes.map((n) => n.gpuModel))].sort(byText);
  const catalogIds = models.filter((m) => options.catalog?.has(m) === true);
  const { ids, assumptions } = mapModels(
    models,
    {
      what: 'live fleet',
      known: { ...OPENB_KNOWN, ...Object.fromEntries(catalogIds.map((m) => [m, m])) },
      undisclosed: OPENB_UNDISCLOSED,
    },
    options,
  );
  return {
    fleet: {
      site: siteOf(options.site, 'live snapshot'),
      pools: poolsOfNodes(gpuNodes, ids, { keepNames: true }),
    },
    assumptions,
    skippedNodes: skippedNodeNames.length,
    skippedNodeNames,
  };
}
