/**
 * @module server/extender/wire
 * The kube-scheduler extender protocol (v1) on the wire, as ../shared/specs/kube-scheduler-extender.md writes it:
 * capitalised keys (the Go structs carry no json tags), Kubernetes objects inside. Only the pod fields hyperfleet
 * reads are declared (schedule/kube-pod); everything else is ignored on input, and node objects are kept whole so
 * that a filter reply without `nodeCacheCapable` can hand back the very objects it received.
 */
import { z } from 'zod';
import { Pod } from '../../schedule/index.js';

/** A v1.Node, kept whole (only its name is read). */
export const Node = z.looseObject({ metadata: z.looseObject({ name: z.string().min(1) }) });
export type Node = z.infer<typeof Node>;

/** v1.NodeList as the scheduler sends it: `{"metadata": {}, "items": [...]}`. */
export const NodeList = z.looseObject({ items: z.array(Node).nullish() });

/** ExtenderArgs: the body of filter and prioritize. */
export const ExtenderArgs = z.object({
  Pod,
  Nodes: NodeList.nullish(),
  NodeNames: z.array(z.string()).nullish(),
});
export type ExtenderArgs = z.infer<typeof ExtenderArgs>;

/** ExtenderFilterResult: the reply to filter. */
export const ExtenderFilterResult = z.object({
  Nodes: z.object({ items: z.array(Node) }).nullish(),
  NodeNames: z.array(z.string()).nullish(),
  FailedNodes: z.record(z.string(), z.string()),
  FailedAndUnresolvableNodes: z.record(z.string(), z.string()),
  Error: z.string(),
});
export type ExtenderFilterResult = z.infer<typeof ExtenderFilterResult>;

/** HostPriority / HostPriorityList: the reply to prioritize (Score 0..10). */
export const HostPriority = z.object({ Host: z.string(), Score: z.number().int().min(0).max(10) });
export const HostPriorityList = z.array(HostPriority);
export type HostPriorityList = z.infer<typeof HostPriorityList>;

/** ExtenderBindingArgs: the body of bind. */
export const ExtenderBindingArgs = z.object({
  PodName: z.string().min(1),
  PodNamespace: z.string(),
  PodUID: z.string().min(1),
  Node: z.string().min(1),
});
export type ExtenderBindingArgs = z.infer<typeof ExtenderBindingArgs>;

/** ExtenderBindingResult: the reply to bind (empty Error = success). */
export const ExtenderBindingResult = z.object({ Error: z.string() });
export type ExtenderBindingResult = z.infer<typeof ExtenderBindingResult>;

/** The node names an ExtenderArgs names, from `NodeNames` (nodeCacheCapable) or else `Nodes.items`. */
export function argNodeNames(args: ExtenderArgs): string[] {
  if (args.NodeNames) return args.NodeNames;
  return (args.Nodes?.items ?? []).map((n) => n.metadata.name);
}
