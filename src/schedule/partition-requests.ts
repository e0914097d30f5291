/**
 * @module schedule/partition-requests
 * Pods that ask for a fixed partition of a device by name — an NVIDIA MIG instance of the device plugin's mixed
 * strategy (`nvidia.com/mig-3g.40gb`), an Ascend static vNPU (`huawei.com/Ascend910-4c`, `huawei.com/Ascend310P-2c`)
 * — read as a request in the model's terms: `count` devices each holding the partition's footprint in milli
 * (catalog/partition-sets), on the models whose catalog partition set has that profile, with the profile kept on
 * the request (`gpuProfile`) so placements, binds and restarts carry it.
 *
 * The fit is the framework's, as in the simulator: a partition is a share of its device, and the device's shares
 * never exceed 1000 milli. Several instances of one pod go to distinct devices (the model places a pod's devices
 * apart). A pod asks for one kind of partition and nothing else in devices: a partition beside whole devices or a
 * `hyperfleet.io/gpu-milli` share is refused, as is a profile no catalog model has.
 */
import { ErrorCode, InputError } from '../errors/index.js';
import { builtinPartitions, builtinPartitionSets, partitionFootprint } from '../catalog/index.js';
import { closest } from '../input/index.js';
import type { PodSpec } from '../model/index.js';

/** Resources that name a partition: prefix, what the vendor calls one, and which models may have it. */
interface PartitionFamily {
  readonly prefix: string;
  /** One partition, for messages (`MIG profile`). */
  readonly noun: string;
  readonly models: readonly string[];
  /** Compute slices of a whole device, to count a node's devices from its partitions (schedule/partition-nodes). */
  readonly slices: number;
}

const MIG_MODELS = builtinPartitionSets()
  .filter(([, set]) => set.scheme === 'MIG profiles')
  .map(([model]) => model);

/** The partition resources hyperfleet reads, by resource-name prefix. */
export const PARTITION_FAMILIES: readonly PartitionFamily[] = [
  { prefix: 'nvidia.com/mig-', noun: 'MIG profile', models: MIG_MODELS, slices: 7 },
  { prefix: 'huawei.com/Ascend910-', noun: 'vNPU template', models: ['huawei-ascend-910'], slices: 32 },
  { prefix: 'huawei.com/Ascend310P-', noun: 'vNPU template', models: ['huawei-ascend-310p'], slices: 8 },
];

/** The family of a partition resource name, undefined for any other resource. */
export function partitionFamily(resource: string): PartitionFamily | undefined {
  return PARTITION_FAMILIES.find((f) => resource.startsWith(f.prefix) && resource.length > f.prefix.length);
}

/** A partition a pod asks for, summed over its containers. */
export interface PartitionAsk {
  readonly resource: string;
  readonly count: number;
  /** Where it was read, as a path inside the pod. */
  readonly field: string;
}

/** What else the pod asks for in devices, for the checks that a partition stands alone. */
export interface OtherDeviceAsks {
  readonly wholeDevices: number;
  /** A share asked by `hyperfleet.io/gpu-milli` (annotation or resource), with its field. */
  readonly milliField?: string;
  /** The `hyperfleet.io/gpu-model` annotation's models, with its field, when given. */
  readonly models?: { readonly list: readonly string[]; readonly field: string };
}

function refuse(field: string, message: string): InputError {
  return new InputError(ErrorCode.InvalidPod, { field, message });
}

/**
 * The device part of a pod's request for partition `ask`: count, milli per device (the footprint), models, profile.
 * Throws an {@link InputError} (HF_INVALID_POD) at the field for an unknown profile, a partition beside other
 * devices or a share, or a model annotation that names no model with the profile.
 */
export function partitionSpec(
  ask: PartitionAsk,
  other: OtherDeviceAsks,
): Pick<PodSpec, 'gpuCount' | 'gpuMilli' | 'gpuTypes' | 'gpuProfile'> {
  const family = partitionFamily(ask.resource)!;
  const profile = ask.resource.slice(family.prefix.length);
  if (other.wholeDevices > 0) {
    throw refuse(
      ask.field,
      `${ask.resource} beside whole devices: a pod asks for ${family.noun}s or for whole devices, not both`,
    );
  }
  if (other.milliField !== undefined) {
    throw refuse(
      other.milliField,
      `a share (hyperfleet.io/gpu-milli) beside ${ask.resource}: a ${family.noun} is already a fixed share`,
    );
  }
  const withProfile = family.models.filter((m) =>
    builtinPartitions(m)!.profiles.some((p) => p.name === profile),
  );
  if (withProfile.length === 0) {
    const known = [
      ...new Set(family.models.flatMap((m) => builtinPartitions(m)!.profiles.map((p) => p.name))),
    ];
    const near = closest(profile, known);
    throw refuse(
      ask.field,
      `no ${family.noun} ${profile} in the catalog${near.length > 0 ? ` (closest: ${near.join(', ')})` : ''}; ` +
        `known: ${known.join(', ')}`,
    );
  }
  let gpuTypes = withProfile;
  if (other.models !== undefined) {
    gpuTypes = other.models.list.filter((m) => withProfile.includes(m));
    if (gpuTypes.length === 0) {
      throw refuse(
        other.models.field,
        `names no model with ${family.noun} ${profile} (${withProfile.join(', ')} have it)`,
      );
    }
  }
  // A profile name means the same partition on every model that has it; the largest footprint keeps all safe.
  const gpuMilli = Math.max(
    ...gpuTypes.map((m) => {
      const set = builtinPartitions(m)!;
      return partitionFootprint(
        set,
        set.profiles.find((p) => p.name === profile)!,
      );
    }),
  );
  return { gpuCount: ask.count, gpuMilli, gpuTypes, gpuProfile: profile };
}

/**
 * Why a node of `model` can never hold a pod asking for a partition, in the vendor's words, or undefined when its
 * model has the pod's profile (or the pod asks for none).
 */
export function partitionMismatch(spec: PodSpec, model: string): string | undefined {
  const profile = spec.gpuProfile;
  if (profile === undefined || model === '' || spec.gpuTypes.includes(model)) return undefined;
  const set = builtinPartitions(model);
  const has = set
    ? `its ${set.scheme ?? 'partitions'}: ${set.profiles.map((p) => p.name).join(', ')}`
    : 'it has no partitions in the catalog';
  return `${model} has no partition ${profile} (${has}); ${profile} is a partition of ${spec.gpuTypes.join(', ')}`;
}
