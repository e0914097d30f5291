/**
 * @module schedule/partition-nodes
 * How many devices a node has when it advertises partitions (NVIDIA MIG mixed strategy, Ascend static vNPU) rather
 * than, or beside, whole devices: the device plugins count instances, not chips.
 *
 * - MIG: GPU feature discovery's `nvidia.com/gpu.count` label is the node's physical GPU count, MIG-enabled or not;
 *   it is used when present. Without it, the whole GPUs advertised (`nvidia.com/gpu`, the GPUs without MIG) plus the
 *   GPUs the instances need at least (their compute slices over 7, rounded up).
 * - vNPU: the whole NPUs advertised (`huawei.com/Ascend910`, …) plus the NPUs the templates need at least (their AI
 *   cores over the chip's, rounded up): the Ascend plugin has no count label.
 * The model is read as for any node (schedule/kube-node), the partition resource meaning what the resource map
 * says (by default: one vNPU family is one chip; for MIG the product label says which GPU), so a user's
 * `--resource-map` entry for a partition resource applies to nodes as it does to pods.
 *
 * The MIG single strategy (every GPU of the node cut into one profile, advertised as `nvidia.com/gpu`, product
 * label `…-MIG-<profile>`) is refused: its `nvidia.com/gpu` count is instances, not GPUs, and a pod's
 * `nvidia.com/gpu: 1` there means one instance, which the model cannot tell from a whole GPU elsewhere. Such a node
 * is read without devices, with a warning saying why, so no device pod is placed on it by mistake.
 *
 * hyperfleet does not know the node's current MIG layout (which instances exist on which GPU): the kube-scheduler
 * in front of it counts the advertised instances per profile (extended resources), and hyperfleet places within
 * each device's room by the catalog's profiles (schedule/partition-requests).
 */
import type { ResourceModel } from './resource-models.js';
import { partitionFamily } from './partition-requests.js';

/** GPU feature discovery's label of the GPU model; `…-MIG-<profile>` under the MIG single strategy. */
export const GPU_PRODUCT_LABEL = 'nvidia.com/gpu.product';

/** GPU feature discovery's label for a node's physical GPU count. */
export const GPU_COUNT_LABEL = 'nvidia.com/gpu.count';

/** A node's devices: the resource they are read as, and how many. */
export interface CountedDevices {
  readonly device: ResourceModel;
  readonly gpuCount: number;
}

/** A partition resource a node advertises: what the resource map says it is, and how many instances (> 0). */
export interface AdvertisedPartition {
  readonly model: ResourceModel;
  readonly count: number;
}

/**
 * The node's devices counting its partitions (`advertised`: partition resource → its map entry and instances),
 * beside the whole devices already counted (`whole`). Returns `whole` when the node advertises no partition.
 */
export function withPartitions(
  labels: Readonly<Record<string, string>>,
  advertised: ReadonlyMap<string, AdvertisedPartition>,
  whole: CountedDevices | undefined,
): CountedDevices | undefined {
  const [first] = advertised;
  if (first === undefined) return whole;
  const family = partitionFamily(first[0])!;
  let slices = 0;
  for (const [resource, { count }] of advertised) {
    // A profile's compute comes first in its name: `3g.40gb` (MIG slices), `4c` (AI cores).
    const leading = Number(/^(\d+)/.exec(resource.slice(family.prefix.length))?.[1] ?? 1);
    slices += leading * count;
  }
  const labelled = Number(labels[GPU_COUNT_LABEL]);
  const fromLabel = family.prefix === 'nvidia.com/mig-' && Number.isInteger(labelled) && labelled > 0;
  const gpuCount = fromLabel ? labelled : (whole?.gpuCount ?? 0) + Math.ceil(slices / family.slices);
  // The partitions mean what the map says they mean, as for a pod asking for them (schedule/kube-pod).
  return { device: first[1].model, gpuCount };
}

/**
 * Why a node is refused as a MIG single-strategy node (its `nvidia.com/gpu` devices are MIG instances), or
 * undefined for any other node.
 */
export function migSingleStrategy(
  name: string,
  labels: Readonly<Record<string, string>>,
  devices: CountedDevices,
): string | undefined {
  const product = labels[GPU_PRODUCT_LABEL] ?? '';
  const profile = /-MIG-(.+)$/.exec(product)?.[1];
  if (profile === undefined || devices.device.resource !== 'nvidia.com/gpu') return undefined;
  return (
    `node ${name} uses the MIG single strategy (${GPU_PRODUCT_LABEL}=${product}): its ${devices.gpuCount} ` +
    `nvidia.com/gpu are ${profile} instances, not GPUs, which hyperfleet does not model; it is read without ` +
    `devices, so no device pod is placed there — use the device plugin's mixed strategy (nvidia.com/mig-${profile})`
  );
}
