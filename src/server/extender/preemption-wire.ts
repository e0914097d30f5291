/**
 * @module server/extender/preemption-wire
 * The extender's optional preempt verb on the wire (../shared/specs/kube-scheduler-extender.md §2): the scheduler
 * proposes victims per node, as whole pods (`NodeNameToVictims`, without nodeCacheCapable) or by UID
 * (`NodeNameToMetaVictims`); the reply always uses meta victims.
 */
import { z } from 'zod';
import { Pod } from '../../schedule/index.js';

const MetaVictims = z.object({
  Pods: z.array(z.object({ UID: z.string().min(1) })).nullish(),
  NumPDBViolations: z.number().int().nullish(),
});

const Victims = z.object({
  Pods: z.array(z.looseObject({ metadata: z.looseObject({ uid: z.string().min(1) }) })).nullish(),
  NumPDBViolations: z.number().int().nullish(),
});

export const ExtenderPreemptionArgs = z.object({
  Pod,
  NodeNameToVictims: z.record(z.string(), Victims).nullish(),
  NodeNameToMetaVictims: z.record(z.string(), MetaVictims).nullish(),
});
export type ExtenderPreemptionArgs = z.infer<typeof ExtenderPreemptionArgs>;

export const ExtenderPreemptionResult = z.object({
  NodeNameToMetaVictims: z.record(
    z.string(),
    z.object({ Pods: z.array(z.object({ UID: z.string() })), NumPDBViolations: z.number().int() }),
  ),
});
export type ExtenderPreemptionResult = z.infer<typeof ExtenderPreemptionResult>;

/** Node name → victim UIDs and PDB violations, from either form of the request. */
export function victimsByNode(args: ExtenderPreemptionArgs): Map<string, { uids: string[]; pdb: number }> {
  const out = new Map<string, { uids: string[]; pdb: number }>();
  for (const [node, v] of Object.entries(args.NodeNameToMetaVictims ?? {})) {
    out.set(node, { uids: (v.Pods ?? []).map((p) => p.UID), pdb: v.NumPDBViolations ?? 0 });
  }
  for (const [node, v] of Object.entries(args.NodeNameToVictims ?? {})) {
    out.set(node, { uids: (v.Pods ?? []).map((p) => p.metadata.uid), pdb: v.NumPDBViolations ?? 0 });
  }
  return out;
}
