/**
 * @module server/extender-wire
 * The kube-scheduler extender protocol (v1) on the wire, as ../shared/specs/kube-scheduler-extender.md writes it:
 * capitalised keys (the Go structs carry no json tags), Kubernetes objects inside. Only the pod fields hyperfleet
 * reads are declared; everything else is ignored on input, and node objects are kept whole so that a filter reply
 * without `nodeCacheCapable` can hand back the very objects it received.
 *
 * How a pod's request is read (documented for users in the README's serve section):
 * - CPU and memory: the sum over containers of `resources.requests` (a missing request defaults to the limit, as
 *   Kubernetes does); init containers are not read in this step.
 * - Whole devices: `nvidia.com/gpu` (requests, else limits). Other vendors' resource names (`huawei.com/Ascend910`,
 *   `cambricon.com/mlu`, `aliyun.com/ppu`, …) and their mapping to device models are the next step.
 * - Sharing: annotation `hyperfleet.io/gpu-milli` = milli of each device (1..1000); the pod then asks for
 *   `nvidia.com/gpu` devices if it names any, else for one device.
 * - Type constraint: annotation `hyperfleet.io/gpu-model` = comma list of device models (e.g. `V100M16,V100M32`).
 */
import { z } from 'zod';
import type { PodSpec } from '../model/pod.js';
import { MILLI_PER_DEVICE } from '../model/units.js';
import { isWholeQuantity, parseMiB, parseMilli, parseUnits } from './quantity.js';

export const GPU_RESOURCE = 'nvidia.com/gpu';
export const GPU_MILLI_ANNOTATION = 'hyperfleet.io/gpu-milli';
export const GPU_MODEL_ANNOTATION = 'hyperfleet.io/gpu-model';

const ResourceList = z.record(z.string(), z.string());

const Container = z.object({
  name: z.string().optional(),
  resources: z.object({ requests: ResourceList.nullish(), limits: ResourceList.nullish() }).nullish(),
});

/** The parts of a v1.Pod hyperfleet reads. */
export const Pod = z.object({
  metadata: z.object({
    name: z.string().min(1),
    namespace: z.string().optional(),
    uid: z.string().min(1),
    annotations: z.record(z.string(), z.string()).nullish(),
  }),
  spec: z.object({ containers: z.array(Container).nullish() }).nullish(),
});
export type Pod = z.infer<typeof Pod>;

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

/** `namespace/name` of a pod (namespace defaults to `default`, as the API server does). */
export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/**
 * The pod's request in the model's terms. Throws an Error with a user-facing message for a request hyperfleet
 * cannot honour (bad quantity, bad annotation, fractional `nvidia.com/gpu`).
 */
export function podSpecOf(pod: Pod): PodSpec {
  const where = podKey(pod);
  let cpuMilli = 0;
  let memMiB = 0;
  let wholeGpus = 0;
  for (const c of pod.spec?.containers ?? []) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    const get = (name: string): string | undefined => requests[name] ?? limits[name];
    const read = (name: string, parse: (s: string) => number): number => {
      const q = get(name);
      if (q === undefined) return 0;
      try {
        return parse(q);
      } catch (e) {
        throw new Error(`pod ${where}, container ${c.name ?? '?'}: ${name}: ${(e as Error).message}`);
      }
    };
    cpuMilli += read('cpu', parseMilli);
    memMiB += read('memory', parseMiB);
    const gpu = get(GPU_RESOURCE);
    if (gpu !== undefined && !isWholeQuantity(gpu)) {
      throw new Error(`pod ${where}: ${GPU_RESOURCE} must be a whole number of devices, got "${gpu}"`);
    }
    wholeGpus += read(GPU_RESOURCE, parseUnits);
  }
  const annotations = pod.metadata.annotations ?? {};
  const milliText = annotations[GPU_MILLI_ANNOTATION];
  let gpuCount = wholeGpus;
  let gpuMilli = wholeGpus > 0 ? MILLI_PER_DEVICE : 0;
  if (milliText !== undefined) {
    const milli = Number(milliText.trim());
    if (!/^\d+$/.test(milliText.trim()) || milli < 1 || milli > MILLI_PER_DEVICE) {
      throw new Error(`pod ${where}: annotation ${GPU_MILLI_ANNOTATION} must be 1..1000, got "${milliText}"`);
    }
    gpuMilli = milli;
    gpuCount = Math.max(1, wholeGpus);
  }
  const modelText = annotations[GPU_MODEL_ANNOTATION];
  const gpuTypes =
    gpuCount > 0 && modelText !== undefined
      ? modelText
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : [];
  if (cpuMilli < 0 || memMiB < 0 || gpuCount < 0) throw new Error(`pod ${where}: negative request`);
  return { name: where, cpuMilli, memMiB, gpuCount, gpuMilli, gpuTypes };
}
