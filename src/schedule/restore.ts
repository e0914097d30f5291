/**
 * @module schedule/restore
 * What a restart counts again: the placements read back from the store, assumed on the node inventory's state in
 * bind order, as they were before the service stopped (an answered bind survives a crash: schedule/placements).
 *
 * Why a stored placement may not come back: the node list can change while the service is down (a node of
 * `--nodes` registered smaller than before, a node missing from the store), and the inventory never holds an
 * overcommitted node (schedule/node-inventory). A placement whose node is unknown, or that its node can no longer
 * hold, is therefore reported, not counted; the others are counted as if it were not there. Nothing is written:
 * the store keeps what it had.
 */
import type { NodeInventory } from './node-inventory.js';
import type { Placements } from './placements.js';
import type { StoredPlacement } from './store.js';

/**
 * Counts `stored` (in bind order) on `inventory`'s state and remembers them in `placements`; returns one line per
 * placement that could not be counted, with the reason.
 */
export function restorePlacements(
  stored: Iterable<StoredPlacement>,
  inventory: NodeInventory,
  placements: Placements,
): string[] {
  const issues: string[] = [];
  const { state, gauges } = inventory;
  for (const p of stored) {
    const node = inventory.indexOf(p.node);
    if (node === undefined) {
      issues.push(`placement of ${p.namespace}/${p.name} on unknown node ${p.node} not restored`);
      continue;
    }
    try {
      // assume checks the node's capacity and the devices, and changes nothing when it throws
      state.assume(node, p.spec, p.devices);
    } catch (e) {
      issues.push(`placement of ${p.namespace}/${p.name} not restored: ${(e as Error).message}`);
      continue;
    }
    gauges.nodeChanged(node);
    placements.restore(p);
  }
  return issues;
}
