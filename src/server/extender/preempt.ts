/**
 * @module server/extender/preempt
 * POST /extender/preempt: of the nodes kube-scheduler proposes, with the victims it would evict there, those where
 * the pod would then fit by hyperfleet's device accounting (victims hyperfleet does not know free nothing). The
 * reply always names victims by UID (meta victims).
 */
import { parseBody } from '../api/index.js';
import { ExtenderPreemptionArgs, type ExtenderPreemptionResult, victimsByNode } from './preemption-wire.js';
import { readPod, type ExtenderContext } from './verbs.js';

export function preempt(ctx: ExtenderContext, body: unknown): ExtenderPreemptionResult {
  const args = parseBody(ExtenderPreemptionArgs, body);
  const spec = readPod(args.Pod, ctx);
  const proposals = victimsByNode(args);
  const result: ExtenderPreemptionResult = { NodeNameToMetaVictims: {} };
  for (const node of ctx.live.preemptionNodes(spec, proposals)) {
    const { uids, pdb } = proposals.get(node)!;
    result.NodeNameToMetaVictims[node] = { Pods: uids.map((UID) => ({ UID })), NumPDBViolations: pdb };
  }
  return result;
}
