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
 * - Whole devices: the extended resources of the resource map (server/resource-models: `nvidia.com/gpu`,
 *   `huawei.com/Ascend910B`, `cambricon.com/mlu`, `aliyun.com/ppu`, …; requests, else limits), summed. A resource
 *   name also constrains the pod to the models it maps to (none for `nvidia.com/gpu`). One vendor per pod; a
 *   resource the map marks unsupported (MIG instances, vNPU slices) is refused with the map's reason; resources
 *   the map does not name are ignored, as before.
 * - Sharing: annotation `hyperfleet.io/gpu-milli` = milli of each device (1..1000); the pod then asks for as many
 *   devices as its device resources name, else for one device.
 * - Type constraint: annotation `hyperfleet.io/gpu-model` = comma list of device models (e.g. `V100M16,V100M32`),
 *   intersected with the models of the pod's device resource (an empty intersection is refused).
 *
 * How a node is read ({@link readNode}, for nodes listed from the API server): CPU and memory from
 * `status.allocatable` (else `capacity`); devices = the allocatable count of the first resource of the map the node
 * advertises (> 0); the model, in this order: (1) label `hyperfleet.io/gpu-model` verbatim; (2) a product label of
 * the map (`nvidia.com/gpu.product`, …) through the map's value table (a value it lacks is used verbatim);
 * (3) label `node.kubernetes.io/instance-type` through the map's instance types; (4) the resource's single model
 * (`huawei.com/Ascend910B` → `huawei-ascend-910b`); else the resource name itself, with a warning.
 */
import { z } from 'zod';
import type { NodeSpec } from '../model/node.js';
import type { PodSpec } from '../model/pod.js';
import { MILLI_PER_DEVICE } from '../model/units.js';
import { isWholeQuantity, parseMiB, parseMilli, parseUnits } from './quantity.js';
import {
  DEFAULT_RESOURCE_MODELS,
  GPU_MODEL_LABEL,
  INSTANCE_TYPE_LABEL,
  type ResourceModel,
  type ResourceModels,
} from './resource-models.js';

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

/** Reads a comma list (`"a, b,,c"` → `["a", "b", "c"]`). */
function commaList(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/**
 * The pod's request in the model's terms, reading device resources through `models` (default: the built-in
 * resource map). Throws an Error with a user-facing message for a request hyperfleet cannot honour (bad quantity,
 * bad annotation, fractional device count, two vendors, unsupported resource, impossible model constraint).
 */
export function podSpecOf(pod: Pod, models: ResourceModels = DEFAULT_RESOURCE_MODELS): PodSpec {
  const where = podKey(pod);
  let cpuMilli = 0;
  let memMiB = 0;
  let wholeGpus = 0;
  /** Milli asked through the extended resource `hyperfleet.io/gpu-milli` (so managedResources can route the pod). */
  let resourceMilli: number | undefined;
  /** Device resources asked for (count > 0), by name, in order of appearance. */
  const asked = new Map<string, ResourceModel>();
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
    if (get(GPU_MILLI_ANNOTATION) !== undefined) {
      const m = read(GPU_MILLI_ANNOTATION, parseUnits);
      if (resourceMilli !== undefined && resourceMilli !== m) {
        throw new Error(
          `pod ${where}: containers ask for different ${GPU_MILLI_ANNOTATION} (${resourceMilli} and ${m})`,
        );
      }
      resourceMilli = m;
    }
    for (const name of new Set([...Object.keys(requests), ...Object.keys(limits)])) {
      if (name === 'cpu' || name === 'memory' || name === GPU_MILLI_ANNOTATION) continue;
      const entry = models.lookup(name);
      if (!entry) continue;
      const q = get(name)!;
      let whole: boolean;
      try {
        whole = isWholeQuantity(q);
      } catch (e) {
        throw new Error(`pod ${where}, container ${c.name ?? '?'}: ${name}: ${(e as Error).message}`);
      }
      if (!whole) throw new Error(`pod ${where}: ${name} must be a whole number of devices, got "${q}"`);
      const n = read(name, parseUnits);
      if (n === 0) continue;
      if (entry.unsupported !== undefined) throw new Error(`pod ${where}: ${name}: ${entry.unsupported}`);
      for (const other of asked.values()) {
        if (other.vendor !== entry.vendor) {
          throw new Error(
            `pod ${where} asks for devices of two vendors (${other.resource}: ${other.vendor}, ${name}: ${entry.vendor}); a pod runs on one node, whose devices are all of one model`,
          );
        }
      }
      asked.set(name, entry);
      wholeGpus += n;
    }
  }
  const annotations = pod.metadata.annotations ?? {};
  // The share: the annotation, else the extended resource of the same name (which kube-scheduler's
  // managedResources can see; no node advertises it).
  const milliText =
    annotations[GPU_MILLI_ANNOTATION] ?? (resourceMilli === undefined ? undefined : String(resourceMilli));
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
  let gpuTypes = gpuCount > 0 && modelText !== undefined ? commaList(modelText) : [];
  if (gpuCount > 0) gpuTypes = constrainModels(where, gpuTypes, modelText !== undefined, [...asked.values()]);
  if (cpuMilli < 0 || memMiB < 0 || gpuCount < 0) throw new Error(`pod ${where}: negative request`);
  return { name: where, cpuMilli, memMiB, gpuCount, gpuMilli, gpuTypes };
}

/**
 * The models a pod may run on: the annotation's (when given) intersected with those of every device resource it
 * asks for (a resource with no models does not constrain). Throws when nothing is left.
 */
function constrainModels(
  where: string,
  annotated: string[],
  hasAnnotation: boolean,
  resources: readonly ResourceModel[],
): string[] {
  let allowed: string[] | null = hasAnnotation ? annotated : null;
  let from = hasAnnotation ? `annotation ${GPU_MODEL_ANNOTATION} (${annotated.join(', ')})` : '';
  for (const r of resources) {
    if (r.models.length === 0) continue;
    if (allowed === null) {
      allowed = [...r.models];
      from = `${r.resource} (${r.models.join(', ')})`;
      continue;
    }
    const next = allowed.filter((m) => r.models.includes(m));
    if (next.length === 0) {
      throw new Error(
        `pod ${where}: ${from} names no model that ${r.resource} can mean (${r.models.join(', ')}); ` +
          `the resource map (--resource-map) says which models each resource means`,
      );
    }
    allowed = next;
    from = `${from} and ${r.resource}`;
  }
  return allowed ?? [];
}

/** The parts of a v1.Node hyperfleet reads (from the API server; quantities as strings). */
export const KubeNode = z.looseObject({
  metadata: z.looseObject({
    name: z.string().min(1),
    labels: z.record(z.string(), z.string()).nullish(),
  }),
  status: z
    .looseObject({
      allocatable: z.record(z.string(), z.string()).nullish(),
      capacity: z.record(z.string(), z.string()).nullish(),
    })
    .nullish(),
});
export type KubeNode = z.infer<typeof KubeNode>;

/** Where a node's model name came from (see {@link readNode}). */
export type ModelSource = 'label' | 'product' | 'instance-type' | 'resource' | 'resource-name' | 'none';

/** A node read from the API server: its spec, which device resource it advertises, and what to warn about. */
export interface NodeReading {
  readonly spec: NodeSpec;
  /** The device resource the devices were counted from (undefined for a CPU-only node). */
  readonly resource?: string;
  readonly modelSource: ModelSource;
  /** Problems that did not stop the reading (ambiguous resources, a model pods of its resource cannot ask for). */
  readonly warnings: readonly string[];
}

/** `-SHARED` (time-slicing) and `-MIG-…` suffixes of NVIDIA's product label, which do not change the model. */
function productValue(value: string): string {
  return value.replace(/-SHARED$/, '').replace(/-MIG-.*$/, '');
}

/**
 * A v1.Node (JSON from the API server) as a {@link NodeSpec}, with the model chosen by the precedence in the
 * module comment. Throws an Error naming the node for a malformed object or quantity.
 */
export function readNode(input: unknown, models: ResourceModels = DEFAULT_RESOURCE_MODELS): NodeReading {
  const parsed = KubeNode.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid v1.Node: ${issue.path.join('.') || '(object)'}: ${issue.message}`);
  }
  const node = parsed.data;
  const name = node.metadata.name;
  const labels = node.metadata.labels ?? {};
  const allocatable = node.status?.allocatable ?? {};
  const capacity = node.status?.capacity ?? {};
  const quantity = (res: string): string | undefined => allocatable[res] ?? capacity[res];
  const read = (res: string, parse: (s: string) => number): number => {
    const q = quantity(res);
    if (q === undefined) return 0;
    try {
      return parse(q);
    } catch (e) {
      throw new Error(`node ${name}: ${res}: ${(e as Error).message}`);
    }
  };
  const warnings: string[] = [];
  const cpuMilli = read('cpu', parseMilli);
  // Capacity is rounded down (a node never holds more than it has).
  const memMiB = Math.floor(read('memory', parseUnits) / 2 ** 20);

  let device: ResourceModel | undefined;
  let gpuCount = 0;
  const names = new Set([...Object.keys(allocatable), ...Object.keys(capacity)]);
  for (const res of names) {
    const entry = models.lookup(res);
    if (!entry || entry.unsupported !== undefined) continue;
    const n = read(res, parseUnits);
    if (n <= 0) continue;
    if (device === undefined) {
      device = entry;
      gpuCount = n;
    } else {
      warnings.push(
        `node ${name} advertises both ${device.resource} and ${res}; hyperfleet models one device kind per node and counts ${device.resource} (${gpuCount})`,
      );
    }
  }
  if (!device) {
    return {
      spec: { name, cpuMilli, memMiB, gpuCount: 0, gpuModel: '' },
      modelSource: 'none',
      warnings,
    };
  }
  let gpuModel: string | undefined;
  let modelSource: ModelSource = 'none';
  const explicit = labels[GPU_MODEL_LABEL]?.trim();
  if (explicit) {
    gpuModel = explicit;
    modelSource = 'label';
  }
  for (const pl of models.productLabels) {
    if (gpuModel !== undefined) break;
    const raw = labels[pl.label]?.trim();
    if (!raw) continue;
    const value = productValue(raw);
    gpuModel = pl.values[value] ?? pl.values[raw] ?? value;
    modelSource = 'product';
    if (pl.values[value] === undefined && pl.values[raw] === undefined && Object.keys(pl.values).length > 0) {
      warnings.push(
        `node ${name}: ${pl.label}=${raw} is not in the resource map; model "${value}" used verbatim (map it in --resource-map to a catalog id)`,
      );
    }
  }
  const instanceType = labels[INSTANCE_TYPE_LABEL]?.trim();
  if (gpuModel === undefined && instanceType) {
    gpuModel = models.instanceModel(instanceType);
    if (gpuModel !== undefined) modelSource = 'instance-type';
  }
  if (gpuModel === undefined && device.models.length === 1) {
    gpuModel = device.models[0];
    modelSource = 'resource';
  }
  if (gpuModel === undefined) {
    gpuModel = device.resource;
    modelSource = 'resource-name';
    warnings.push(
      `node ${name}: no model for its ${device.resource} devices (no ${GPU_MODEL_LABEL} label, no product label or instance type the map knows${
        device.models.length > 1 ? `, and ${device.resource} may mean ${device.models.join(' or ')}` : ''
      }); model "${gpuModel}" used — label the node ${GPU_MODEL_LABEL}=<model>`,
    );
  }
  if (device.models.length > 0 && !device.models.includes(gpuModel)) {
    warnings.push(
      `node ${name}: model "${gpuModel}" is not one of the models ${device.resource} means (${device.models.join(', ')}), so pods asking for ${device.resource} will not be placed on it; add it to the resource map`,
    );
  }
  return {
    spec: { name, cpuMilli, memMiB, gpuCount, gpuModel },
    resource: device.resource,
    modelSource,
    warnings,
  };
}

/** {@link readNode}'s spec alone. */
export function nodeSpecOf(input: unknown, models: ResourceModels = DEFAULT_RESOURCE_MODELS): NodeSpec {
  return readNode(input, models).spec;
}
