/**
 * @module fleet/node-names
 * The name a pool without `nodeNames` gives its k-th node (`gpu-00002`): one rule, read by the fleet's expansion
 * and by the check that a listed name is not also a generated one.
 */

/** Smallest width of the node number in node names; wider only for pools of more than 99,999 nodes. */
const NODE_NUMBER_WIDTH = 5;

/** Node `k` (1-based) of pool `pool`, which has `nodes` nodes. */
export function generatedNodeName(pool: string, k: number, nodes: number): string {
  return `${pool}-${String(k).padStart(Math.max(NODE_NUMBER_WIDTH, String(nodes).length), '0')}`;
}
