/**
 * @module schedule/node-learning
 * Nodes learnt from the Node objects kube-scheduler sends with each filter call when the extender is not
 * `nodeCacheCapable`, so that nothing needs registering by hand (issue 15: otherwise every candidate was "node
 * unknown" and every pod unschedulable). A node is read as from the API server (schedule/kube-node: capacity from
 * allocatable, else capacity; devices from the resources the resource map knows; the model from its labels).
 *
 * Only names hyperfleet does not know are read: a call carries every candidate (about 1 MB for 1,213 nodes), and
 * a known node's capacity follows the API server (`--kubeconfig`) or the REST API, not every call. A node that
 * cannot be read is skipped (it stays "unknown to hyperfleet" in the reply) and warned about once.
 */
import { isInputError } from '../errors/index.js';
import type { NodeSpec } from '../model/index.js';
import type { DeviceProtocol } from './device-protocol.js';
import { readNode } from './kube-node.js';
import type { LiveScheduler } from './live-scheduler.js';
import type { ResourceModels } from './resource-models.js';

export class NodeLearner {
  /** Names already warned about (unreadable, or read with warnings), so a warning is given once. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly live: Pick<LiveScheduler, 'hasNode' | 'upsertNodes'>,
    private readonly models: ResourceModels,
    private readonly warn: (message: string) => void,
    /** Reads the nodes instead of the resource map alone (`--device-protocol`). */
    private readonly protocol?: Pick<DeviceProtocol, 'readNode'>,
  ) {}

  /** Registers the nodes among `items` (v1.Node objects) that are not known yet; returns how many were added. */
  learn(items: readonly { metadata: { name: string } }[]): number {
    const specs: NodeSpec[] = [];
    for (const item of items) {
      const name = item.metadata.name;
      if (this.live.hasNode(name) || this.warned.has(name)) continue;
      try {
        const reading = this.protocol ? this.protocol.readNode(item) : readNode(item, this.models);
        for (const w of reading.warnings) this.warnOnce(name, w);
        specs.push(reading.spec);
      } catch (e) {
        if (!isInputError(e)) throw e;
        this.warnOnce(
          name,
          `node ${name} sent by kube-scheduler cannot be read, so it is not used: ${e.oneLine}`,
        );
      }
    }
    if (specs.length === 0) return 0;
    const outcome = this.live.upsertNodes(specs);
    if (!outcome.ok) {
      this.warn(`nodes sent by kube-scheduler could not be registered: ${outcome.reason}`);
      return 0;
    }
    return outcome.added;
  }

  private warnOnce(name: string, message: string): void {
    this.warned.add(name);
    this.warn(message);
  }
}
