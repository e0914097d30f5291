/**
 * @module schedule/kube-node
 * A Kubernetes v1.Node as hyperfleet reads it from the API server.
 *
 * How a node is read ({@link readNode}, for nodes listed from the API server): CPU and memory from
 * `status.allocatable` (else `capacity`); devices = the allocatable count of the first resource of the map the node
 * advertises (> 0); the model, in this order: (1) label `hyperfleet.io/gpu-model` verbatim; (2) a product label of
 * the map (`nvidia.com/gpu.product`, …) through the map's value table (a value it lacks is used verbatim);
 * (3) label `node.kubernetes.io/instance-type` through the map's instance types; (4) the resource's single model
 * (`huawei.com/Ascend910B` → `huawei-ascend-910b`); else the resource name itself, with a warning. A node that
 * advertises partitions (MIG instances, vNPU templates) has the devices they sit on (schedule/partition-nodes). The
 * node's labels, its pool (the first of {@link POOL_LABELS} it carries) and `spec.unschedulable` (cordoned) are
 * kept too, for the views only.
 */
import { z } from 'zod';
import { ErrorCode, fieldPath, InputError, parseInput } from '../errors/index.js';
import type { NodeSpec } from '../model/index.js';
import { parseMilli, parseUnits } from './quantity.js';
import { partitionFamily } from './partition-requests.js';
import { type AdvertisedPartition, migSingleStrategy, withPartitions } from './partition-nodes.js';
import {
  DEFAULT_RESOURCE_MODELS,
  GPU_MODEL_LABEL,
  INSTANCE_TYPE_LABEL,
  type ResourceModel,
  type ResourceModels,
} from './resource-models.js';

/** The parts of a v1.Node hyperfleet reads (from the API server; quantities as strings). */
export const KubeNode = z.looseObject({
  metadata: z.looseObject({
    name: z.string().min(1),
    labels: z.record(z.string(), z.string()).nullish(),
  }),
  spec: z.looseObject({ unschedulable: z.boolean().nullish() }).nullish(),
  status: z
    .looseObject({
      allocatable: z.record(z.string(), z.string()).nullish(),
      capacity: z.record(z.string(), z.string()).nullish(),
    })
    .nullish(),
});
export type KubeNode = z.infer<typeof KubeNode>;

/** Labels that name a node's pool, in the order they are looked for: hyperfleet's own, then the clouds'. */
export const POOL_LABELS = [
  'hyperfleet.io/pool',
  'karpenter.sh/nodepool',
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'kubernetes.azure.com/agentpool',
] as const;

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
 * module comment. Throws an {@link InputError} (HF_INVALID_NODE) whose issues name the fields, as paths inside the
 * node object, for a malformed object or quantity.
 */
export function readNode(input: unknown, models: ResourceModels = DEFAULT_RESOURCE_MODELS): NodeReading {
  const node = parseInput(KubeNode, input, ErrorCode.InvalidNode);
  const name = node.metadata.name;
  const labels = node.metadata.labels ?? {};
  const allocatable = node.status?.allocatable ?? {};
  const capacity = node.status?.capacity ?? {};
  const read = (res: string, parse: (s: string) => number): number => {
    const q = allocatable[res] ?? capacity[res];
    if (q === undefined) return 0;
    try {
      return parse(q);
    } catch (e) {
      // The quantity parser's complaint, at the field it was read from.
      const list = allocatable[res] !== undefined ? 'allocatable' : 'capacity';
      throw new InputError(ErrorCode.InvalidNode, {
        field: fieldPath(['status', list, res]),
        message: (e as Error).message,
      });
    }
  };
  const warnings: string[] = [];
  const cpuMilli = read('cpu', parseMilli);
  // Capacity is rounded down (a node never holds more than it has).
  const memMiB = Math.floor(read('memory', parseUnits) / 2 ** 20);
  const resources = new Set([...Object.keys(allocatable), ...Object.keys(capacity)]);
  // Partition instances (MIG, vNPU) are not devices: schedule/partition-nodes counts the devices they sit on.
  const partitions = new Map<string, AdvertisedPartition>();
  // Only those the map names and supports, as a pod asking for one is read (schedule/kube-pod).
  for (const res of resources) {
    const model = partitionFamily(res) && models.lookup(res);
    const count = model && model.unsupported === undefined ? read(res, parseUnits) : 0;
    if (model && count > 0) partitions.set(res, { model, count });
  }
  const whole = countDevices(name, resources, read, models, warnings);
  const devices = withPartitions(labels, partitions, whole);
  const single = devices && migSingleStrategy(name, labels, devices);
  if (single !== undefined) warnings.push(single);
  const pool = POOL_LABELS.map((l) => labels[l]).find((v) => v !== undefined && v !== '');
  // Only what the node has, so that a plain node reads as before.
  const described = {
    ...(pool !== undefined && { pool }),
    ...(Object.keys(labels).length > 0 && { labels }),
    ...(node.spec?.unschedulable === true && { cordoned: true }),
  };
  if (!devices || single !== undefined) {
    return {
      spec: { name, cpuMilli, memMiB, gpuCount: 0, gpuModel: '', ...described },
      modelSource: 'none',
      warnings,
    };
  }
  const { device, gpuCount } = devices;
  const { gpuModel, modelSource } = chooseModel(name, labels, device, models, warnings);
  if (device.models.length > 0 && !device.models.includes(gpuModel)) {
    warnings.push(
      `node ${name}: model "${gpuModel}" is not one of the models ${device.resource} means (${device.models.join(', ')}), so pods asking for ${device.resource} will not be placed on it; add it to the resource map`,
    );
  }
  return {
    spec: { name, cpuMilli, memMiB, gpuCount, gpuModel, ...described },
    resource: device.resource,
    modelSource,
    warnings,
  };
}

/**
 * The node's devices: the first resource of the map it advertises with a count > 0 (one device kind per node;
 * another one with a different count is warned about and not counted). Undefined for a node without devices.
 */
function countDevices(
  name: string,
  resources: ReadonlySet<string>,
  read: (res: string, parse: (s: string) => number) => number,
  models: ResourceModels,
  warnings: string[],
): { device: ResourceModel; gpuCount: number } | undefined {
  let device: ResourceModel | undefined;
  let gpuCount = 0;
  for (const res of resources) {
    const entry = models.lookup(res);
    if (!entry || entry.unsupported !== undefined || partitionFamily(res)) continue;
    const n = read(res, parseUnits);
    if (n <= 0) continue;
    if (device === undefined) {
      device = entry;
      gpuCount = n;
    } else if (n !== gpuCount) {
      // The same count under two names (nvidia.com/gpu and alibabacloud.com/gpu-count, …) is one set of devices.
      warnings.push(
        `node ${name} advertises both ${device.resource} and ${res}; hyperfleet models one device kind per node and counts ${device.resource} (${gpuCount})`,
      );
    }
  }
  return device && { device, gpuCount };
}

/** The node's device model, by the precedence in the module comment, and where it came from. */
function chooseModel(
  name: string,
  labels: Record<string, string>,
  device: ResourceModel,
  models: ResourceModels,
  warnings: string[],
): { gpuModel: string; modelSource: ModelSource } {
  const explicit = labels[GPU_MODEL_LABEL]?.trim();
  if (explicit) return { gpuModel: explicit, modelSource: 'label' };
  for (const pl of models.productLabels) {
    const raw = labels[pl.label]?.trim();
    if (!raw) continue;
    const value = productValue(raw);
    if (pl.values[value] === undefined && pl.values[raw] === undefined && Object.keys(pl.values).length > 0) {
      warnings.push(
        `node ${name}: ${pl.label}=${raw} is not in the resource map; model "${value}" used verbatim (map it in --resource-map to a catalog id)`,
      );
    }
    return { gpuModel: pl.values[value] ?? pl.values[raw] ?? value, modelSource: 'product' };
  }
  const instanceType = labels[INSTANCE_TYPE_LABEL]?.trim();
  const byInstance = instanceType ? models.instanceModel(instanceType) : undefined;
  if (byInstance !== undefined) return { gpuModel: byInstance, modelSource: 'instance-type' };
  if (device.models.length === 1) return { gpuModel: device.models[0], modelSource: 'resource' };
  warnings.push(
    `node ${name}: no model for its ${device.resource} devices (no ${GPU_MODEL_LABEL} label, no product label or instance type the map knows${
      device.models.length > 1 ? `, and ${device.resource} may mean ${device.models.join(' or ')}` : ''
    }); model "${device.resource}" used — label the node ${GPU_MODEL_LABEL}=<model>`,
  );
  return { gpuModel: device.resource, modelSource: 'resource-name' };
}

/** {@link readNode}'s spec alone. */
export function nodeSpecOf(input: unknown, models: ResourceModels = DEFAULT_RESOURCE_MODELS): NodeSpec {
  return readNode(input, models).spec;
}
