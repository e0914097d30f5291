/**
 * @module schedule/kube-pod
 * A Kubernetes v1.Pod as hyperfleet reads it: the fields it declares (everything else is ignored) and the pod's
 * request in the model's terms ({@link podSpecOf}), read the same way by the extender, the what-if API and the
 * kube sync.
 *
 * How a pod's request is read (documented for users in docs/cli.md, section "`hyperfleet serve`"):
 * - CPU and memory: the sum over containers of `resources.requests` (a missing request defaults to the limit, as
 *   Kubernetes does); init containers are not read in this step.
 * - Whole devices: the extended resources of the resource map (schedule/resource-models: `nvidia.com/gpu`,
 *   `huawei.com/Ascend910B`, `cambricon.com/mlu`, `aliyun.com/ppu`, …; requests, else limits), summed. A resource
 *   name also constrains the pod to the models it maps to (none for `nvidia.com/gpu`). One vendor per pod; a
 *   resource the map marks unsupported is refused with the map's reason; resources
 *   the map does not name are ignored, unless their name looks like a device (schedule/device-hints: `…/gpu-…`,
 *   `…/npu`, …), which is refused: placing such a pod as CPU-only would hide its devices. The map's `ignore:`
 *   list names those that are no device request.
 * - Partitions by name (MIG mixed strategy `nvidia.com/mig-<profile>`, Ascend static vNPU
 *   `huawei.com/Ascend910-<n>c`, `huawei.com/Ascend310P-<n>c`): schedule/partition-requests.
 * - Sharing: annotation `hyperfleet.io/gpu-milli` = milli of each device (1..1000); the pod then asks for as many
 *   devices as its device resources name, else for one device.
 * - Type constraint: annotation `hyperfleet.io/gpu-model` = comma list of device models (e.g. `V100M16,V100M32`),
 *   intersected with the models of the pod's device resource (an empty intersection is refused).
 * - Another scheduler's annotations (the map's `podAnnotations`, e.g. the openb simulator's
 *   `alibabacloud.com/gpu-milli`, `gpu-count`, `gpu-card-model`): read only when the pod asks for no device in
 *   the ways above (schedule/annotation-requests). Any other device-looking annotation of such a pod is refused.
 */
import { z } from 'zod';
import { ErrorCode, fieldPath, InputError, type InputIssue } from '../errors/index.js';
import { MILLI_PER_DEVICE, type PodSpec } from '../model/index.js';
import { conventionRequest, unreadDeviceAnnotation } from './annotation-requests.js';
import { looksLikeDeviceRequest } from './device-hints.js';
import { type PartitionAsk, partitionFamily, partitionSpec } from './partition-requests.js';
import { parseMiB, parseMilli, parseUnits, parseWholeUnits } from './quantity.js';
import { DEFAULT_RESOURCE_MODELS, type ResourceModel, type ResourceModels } from './resource-models.js';

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
    /** Read for a pod's controller kind (schedule/pod-traits: DaemonSet pods are never moved by defrag). */
    ownerReferences: z.array(z.object({ kind: z.string(), controller: z.boolean().nullish() })).nullish(),
  }),
  spec: z
    .object({
      containers: z.array(Container).nullish(),
      /** Read for local storage (schedule/pod-traits: emptyDir and hostPath keep data on the node). */
      volumes: z
        .array(z.object({ emptyDir: z.unknown().optional(), hostPath: z.unknown().optional() }))
        .nullish(),
    })
    .nullish(),
});
export type Pod = z.infer<typeof Pod>;

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

/** Whether a quantity (already parsed, so well-formed) is below zero: a minus sign and a non-zero digit. */
function isNegative(quantity: string): boolean {
  const text = quantity.trim();
  return text.startsWith('-') && /[1-9]/.test(text.replace(/[eE].*$/, ''));
}

/** A pod hyperfleet cannot read: one issue whose field is the path of the offending value inside the pod. */
function invalid(issue: InputIssue): InputError {
  return new InputError(ErrorCode.InvalidPod, issue);
}

/** Where a resource of a container is read from: `spec.containers.0.resources.requests["nvidia.com/gpu"]`. */
function resourceField(container: number, requests: Record<string, string>, name: string): string {
  const list = requests[name] !== undefined ? 'requests' : 'limits';
  return fieldPath(['spec', 'containers', container, 'resources', list, name]);
}

const annotationField = (name: string): string => fieldPath(['metadata', 'annotations', name]);

/**
 * The pod's request in the model's terms, reading device resources through `models` (default: the built-in
 * resource map). Throws an {@link InputError} (HF_INVALID_POD) whose issue names the field, as a path inside the
 * pod, for a request hyperfleet cannot honour (bad quantity, bad annotation, fractional device count, two
 * vendors, unsupported resource, impossible model constraint); callers nest it under where the pod was found.
 */
export function podSpecOf(pod: Pod, models: ResourceModels = DEFAULT_RESOURCE_MODELS): PodSpec {
  const asks: PodAsks = {
    cpuMilli: 0,
    memMiB: 0,
    wholeGpus: 0,
    resourceMilli: undefined,
    resourceMilliField: '',
    devices: new Map(),
    partition: undefined,
  };
  for (const [ci, c] of (pod.spec?.containers ?? []).entries())
    addContainer(asks, containerQuantities(ci, c), models);
  const annotations = pod.metadata.annotations ?? {};
  const { cpuMilli, memMiB } = asks;
  const name = podKey(pod);
  const modelText = annotations[GPU_MODEL_ANNOTATION];
  if (asks.partition) {
    const partition = partitionSpec(asks.partition, {
      wholeDevices: asks.wholeGpus,
      ...(asks.resourceMilli !== undefined ? { milliField: asks.resourceMilliField } : {}),
      ...(annotations[GPU_MILLI_ANNOTATION] !== undefined
        ? { milliField: annotationField(GPU_MILLI_ANNOTATION) }
        : {}),
      ...(modelText !== undefined
        ? { models: { list: commaList(modelText), field: annotationField(GPU_MODEL_ANNOTATION) } }
        : {}),
    });
    return { name, cpuMilli, memMiB, ...partition };
  }
  const { gpuCount, gpuMilli } = deviceShare(asks, annotations);
  if (gpuCount === 0) {
    // No device asked in hyperfleet's terms: another scheduler's annotations, else refuse unread device hints.
    const byConvention = conventionRequest(annotations, models);
    if (byConvention) return { name, cpuMilli, memMiB, ...byConvention };
    const unread = unreadDeviceAnnotation(annotations, models);
    if (unread !== undefined) throw invalid(unread);
  }
  let gpuTypes = gpuCount > 0 && modelText !== undefined ? commaList(modelText) : [];
  if (gpuCount > 0) gpuTypes = constrainModels(gpuTypes, modelText !== undefined, [...asks.devices.values()]);
  return { name, cpuMilli, memMiB, gpuCount, gpuMilli, gpuTypes };
}

/** What the containers of a pod ask for, summed over the containers read so far. */
interface PodAsks {
  cpuMilli: number;
  memMiB: number;
  wholeGpus: number;
  /** Milli asked through the extended resource `hyperfleet.io/gpu-milli` (so managedResources can route the pod). */
  resourceMilli: number | undefined;
  resourceMilliField: string;
  /** Device resources asked for (count > 0), by name, in order of appearance, with where each was read. */
  devices: Map<string, { entry: ResourceModel; field: string }>;
  /** A fixed partition asked for by name (schedule/partition-requests), summed over containers. */
  partition: PartitionAsk | undefined;
}

/** The quantities of one container: requests, else limits, each read at its field. */
interface ContainerQuantities {
  /** Resource names of the requests and limits. */
  readonly names: ReadonlySet<string>;
  /** The raw quantity of a resource, undefined when the container does not name it. */
  get(name: string): string | undefined;
  /** The field a resource is read from (for issues). */
  field(name: string): string;
  /** A quantity parsed, `absent` when the container does not name it. */
  read<T>(name: string, parse: (s: string) => T, absent: T): T;
}

function containerQuantities(ci: number, c: z.infer<typeof Container>): ContainerQuantities {
  const requests = c.resources?.requests ?? {};
  const limits = c.resources?.limits ?? {};
  const get = (name: string): string | undefined => requests[name] ?? limits[name];
  const field = (name: string): string => resourceField(ci, requests, name);
  return {
    names: new Set([...Object.keys(requests), ...Object.keys(limits)]),
    get,
    field,
    // The quantity parser's complaint becomes an issue at its field, and so does a negative quantity (Kubernetes
    // refuses those; rounded to whole MiB, "-1" bytes would read as 0).
    read<T>(name: string, parse: (s: string) => T, absent: T): T {
      const q = get(name);
      if (q === undefined) return absent;
      let value: T;
      try {
        value = parse(q);
      } catch (e) {
        throw invalid({ field: field(name), message: (e as Error).message });
      }
      if (isNegative(q)) throw invalid({ field: field(name), expected: 'a quantity of at least 0', got: q });
      return value;
    },
  };
}

/** Adds one container's CPU, memory, share resource and device resources to `asks`. */
function addContainer(asks: PodAsks, q: ContainerQuantities, models: ResourceModels): void {
  asks.cpuMilli += q.read('cpu', parseMilli, 0);
  asks.memMiB += q.read('memory', parseMiB, 0);
  if (q.get(GPU_MILLI_ANNOTATION) !== undefined) {
    const m = q.read(GPU_MILLI_ANNOTATION, parseUnits, 0);
    const field = q.field(GPU_MILLI_ANNOTATION);
    if (asks.resourceMilli !== undefined && asks.resourceMilli !== m) {
      throw invalid({
        field,
        message: `containers ask for different ${GPU_MILLI_ANNOTATION} (${asks.resourceMilli} and ${m})`,
      });
    }
    asks.resourceMilli = m;
    asks.resourceMilliField = field;
  }
  for (const name of q.names) {
    if (name === 'cpu' || name === 'memory' || name === GPU_MILLI_ANNOTATION) continue;
    const entry = models.lookup(name);
    const field = q.field(name);
    if (!entry) {
      if (looksLikeDeviceRequest(name) && !models.ignores(name)) {
        throw invalid({
          field,
          message:
            `${name} looks like a device request, but the resource map does not name it, so hyperfleet would ` +
            `place the pod as if it asked for no device; map it (--resource-map, resources:) or list it under ignore:`,
        });
      }
      continue;
    }
    const n = q.read(name, parseWholeUnits, 0);
    if (n === undefined) throw invalid({ field, expected: 'a whole number of devices', got: q.get(name) });
    if (n === 0) continue;
    if (entry.unsupported !== undefined) throw invalid({ field, message: entry.unsupported });
    for (const other of asks.devices.values()) {
      if (other.entry.vendor !== entry.vendor) {
        throw invalid({
          field,
          message: `devices of two vendors (${other.entry.resource}: ${other.entry.vendor}, ${name}: ${entry.vendor}); a pod runs on one node, whose devices are all of one model`,
        });
      }
    }
    if (partitionFamily(name)) {
      addPartition(asks, { resource: name, count: n, field });
      continue;
    }
    asks.devices.set(name, { entry, field });
    asks.wholeGpus += n;
  }
}

/** Adds a partition ask; a pod asks for one kind of partition (one profile per pod, as one share per pod). */
function addPartition(asks: PodAsks, ask: PartitionAsk): void {
  const had = asks.partition;
  if (had !== undefined && had.resource !== ask.resource) {
    throw invalid({
      field: ask.field,
      message: `two partition kinds (${had.resource} and ${ask.resource}); a pod asks for one kind of partition`,
    });
  }
  asks.partition = { ...ask, count: (had?.count ?? 0) + ask.count };
}

/**
 * How many devices and how much of each: whole devices, unless a share is asked — by the annotation, else by the
 * extended resource of the same name (which kube-scheduler's managedResources can see; no node advertises it).
 */
function deviceShare(
  asks: PodAsks,
  annotations: Record<string, string>,
): { gpuCount: number; gpuMilli: number } {
  const { wholeGpus, resourceMilli } = asks;
  const fromAnnotation = annotations[GPU_MILLI_ANNOTATION];
  const milliText = fromAnnotation ?? (resourceMilli === undefined ? undefined : String(resourceMilli));
  if (milliText === undefined) return { gpuCount: wholeGpus, gpuMilli: wholeGpus > 0 ? MILLI_PER_DEVICE : 0 };
  const milli = Number(milliText.trim());
  if (!/^\d+$/.test(milliText.trim()) || milli < 1 || milli > MILLI_PER_DEVICE) {
    throw invalid({
      field: fromAnnotation !== undefined ? annotationField(GPU_MILLI_ANNOTATION) : asks.resourceMilliField,
      expected: `milli of each device, 1..${MILLI_PER_DEVICE}`,
      got: milliText,
    });
  }
  return { gpuCount: Math.max(1, wholeGpus), gpuMilli: milli };
}

/**
 * The models a pod may run on: the annotation's (when given) intersected with those of every device resource it
 * asks for (a resource with no models does not constrain). Throws when nothing is left.
 */
function constrainModels(
  annotated: string[],
  hasAnnotation: boolean,
  resources: readonly { entry: ResourceModel; field: string }[],
): string[] {
  let allowed: string[] | null = hasAnnotation ? annotated : null;
  let from = hasAnnotation ? `annotation ${GPU_MODEL_ANNOTATION} (${annotated.join(', ')})` : '';
  for (const { entry: r, field } of resources) {
    if (r.models.length === 0) continue;
    if (allowed === null) {
      allowed = [...r.models];
      from = `${r.resource} (${r.models.join(', ')})`;
      continue;
    }
    const next = allowed.filter((m) => r.models.includes(m));
    if (next.length === 0) {
      throw invalid({
        field: hasAnnotation ? annotationField(GPU_MODEL_ANNOTATION) : field,
        message:
          `${from} names no model that ${r.resource} can mean (${r.models.join(', ')}); ` +
          `the resource map (--resource-map) says which models each resource means`,
      });
    }
    allowed = next;
    from = `${from} and ${r.resource}`;
  }
  return allowed ?? [];
}
