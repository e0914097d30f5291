/**
 * @module schedule/hami/pod-request
 * A pod's HAMi request: per container, how many virtual devices (`nvidia.com/gpu`, `huawei.com/Ascend910B`, …),
 * how much memory of each (`nvidia.com/gpumem` MiB, or `nvidia.com/gpumem-percentage`), how much compute
 * (`nvidia.com/gpucores`, percent of a device), and the pod's type and UUID selections
 * (`nvidia.com/use-gputype`, `nvidia.com/nouse-gputype`, …). Limits are read first, then requests, as HAMi does.
 *
 * HAMi's defaults for a container that names the count alone: memory 100 % of the device (HAMi's `defaultMem` 0),
 * cores 0 (HAMi's `defaultCores` 0: no compute limit). So such a vGPU takes a whole device's memory, as HAMi
 * itself would place it.
 *
 * The share in hyperfleet's model ({@link milliOf}), one number per device of 1000:
 *   milli = max(⌈cores % × 10⌉, ⌈memory MiB / device MiB × 1000⌉ (or ⌈percent × 10⌉), ⌈1000 / split count⌉)
 * - HAMi enforces memory and compute separately; one share is the larger of the two, so neither is overcommitted
 *   but a device holding one memory-heavy and one compute-heavy pod is counted fuller than HAMi would count it.
 * - The split-count term caps the pods per device at the split count, as HAMi does (a device of split 10 holds
 *   at most 10 pods), at the price of counting a tiny pod as 1/split of the device.
 * - The device MiB and split count are the smallest among the registered devices of the models the pod may use:
 *   a pod's share is one number for every node, so it is sized for the smallest device it may land on.
 */
import { ErrorCode, fieldPath, InputError } from '../../errors/index.js';
import { MILLI_PER_DEVICE } from '../../model/index.js';
import type { Pod } from '../kube-pod.js';
import { parseWholeUnits } from '../quantity.js';
import { HAMI_VENDORS, type HamiVendor, vendorResources } from './hami-vendors.js';

/** What one container asks of each of its virtual devices. */
export interface HamiContainerRequest {
  /** Number of virtual devices (0: the container asks for none). */
  readonly count: number;
  /** Memory of each, in MiB, when given as an amount. */
  readonly memMiB?: number;
  /** Memory of each, percent of the device, when given as a percentage (or by HAMi's default, 100). */
  readonly memPercent?: number;
  /** Compute of each, percent of the device (HAMi's default 0: no limit). */
  readonly cores: number;
}

/** A pod's HAMi request. */
export interface HamiPodRequest {
  readonly vendor: HamiVendor;
  /** One entry per container of the pod, in order (count 0 for a container without devices). */
  readonly containers: readonly HamiContainerRequest[];
  /** Device types to use / not to use (contains-match, upper-cased), empty when not given. */
  readonly useTypes: readonly string[];
  readonly noUseTypes: readonly string[];
}

const invalid = (field: string, expected: string, got: string) =>
  new InputError(ErrorCode.InvalidPod, { field, expected, got });

function typeList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((t) => t.trim().toUpperCase())
    .filter((t) => t !== '');
}

type Container = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

/** A whole-number resource of a container (limits first, then requests), undefined when absent. */
function wholeResource(
  c: Container,
  ci: number,
  name: string,
  max: number,
  what: string,
): number | undefined {
  const limits = c.resources?.limits ?? {};
  const requests = c.resources?.requests ?? {};
  const list = limits[name] !== undefined ? 'limits' : 'requests';
  const text = limits[name] ?? requests[name];
  if (text === undefined) return undefined;
  // The API server writes quantities back in canonical form ("4k" for 4000): read them as quantities.
  let n: number | undefined;
  try {
    n = parseWholeUnits(text);
  } catch {
    // Not a quantity at all: refused below as a value out of range, naming the field and the text.
  }
  if (n === undefined || n < 0 || n > max) {
    throw invalid(fieldPath(['spec', 'containers', ci, 'resources', list, name]), `${what}, 0..${max}`, text);
  }
  return n;
}

function readContainer(v: HamiVendor, c: Container, ci: number): HamiContainerRequest {
  const count = wholeResource(c, ci, v.countResource, 1024, 'a whole number of virtual devices') ?? 0;
  const mem =
    v.memoryResource === undefined
      ? undefined
      : wholeResource(c, ci, v.memoryResource, 2 ** 31 / v.memoryUnitMiB, 'device memory per virtual device');
  const percent =
    v.memoryPercentResource === undefined
      ? undefined
      : wholeResource(c, ci, v.memoryPercentResource, 100, 'percent of the device memory');
  const cores =
    v.coresResource === undefined
      ? undefined
      : wholeResource(c, ci, v.coresResource, 100, 'percent of the device compute');
  if (count === 0) return { count: 0, cores: 0 };
  // HAMi: an amount wins over a percentage; neither given means 100 % of the memory.
  const memMiB = mem !== undefined && mem > 0 ? mem * v.memoryUnitMiB : undefined;
  return memMiB !== undefined
    ? { count, memMiB, cores: cores ?? 0 }
    : { count, memPercent: percent ?? 100, cores: cores ?? 0 };
}

/** Whether a container names any of the vendor's resources. */
function names(c: Container, v: HamiVendor): boolean {
  const all = { ...(c.resources?.requests ?? {}), ...(c.resources?.limits ?? {}) };
  return vendorResources(v).some((r) => all[r] !== undefined);
}

/**
 * The pod's HAMi request, or undefined when it names no HAMi count resource. Throws an InputError (HF_INVALID_POD,
 * field inside the pod) for a bad quantity, two vendors, UUID selections (not honoured: see docs/hami.md), or a
 * memory/cores resource without a count.
 */
export function readHamiRequest(
  pod: Pod,
  vendors: readonly HamiVendor[] = HAMI_VENDORS,
): HamiPodRequest | undefined {
  const containers = pod.spec?.containers ?? [];
  const annotations = pod.metadata.annotations ?? {};
  const used = vendors.filter((v) => containers.some((c) => names(c, v)));
  if (used.length === 0) return undefined;
  // The Ascend chips share a vendor but are distinct resources; two of them are two device kinds too.
  if (used.length > 1) {
    const [a, b] = used;
    throw new InputError(ErrorCode.InvalidPod, {
      field: fieldPath(['spec', 'containers']),
      message: `asks for devices of two kinds (${a.countResource} and ${b.countResource}); a pod runs on one node, whose devices are all of one model`,
    });
  }
  const vendor = used[0];
  for (const uuid of [vendor.useUuid, vendor.noUseUuid]) {
    if (uuid !== undefined && annotations[uuid] !== undefined) {
      throw new InputError(ErrorCode.InvalidPod, {
        field: fieldPath(['metadata', 'annotations', uuid]),
        message: `${uuid} is not honoured by hyperfleet (the policy chooses the devices); remove it, or select by type with ${vendor.useType ?? 'a type annotation'}`,
      });
    }
  }
  const read = containers.map((c, ci) => readContainer(vendor, c, ci));
  if (read.every((c) => c.count === 0)) {
    const ci = containers.findIndex((c) => names(c, vendor));
    throw new InputError(ErrorCode.InvalidPod, {
      field: fieldPath(['spec', 'containers', ci, 'resources']),
      message: `asks for device memory or cores but no ${vendor.countResource} (HAMi needs the number of virtual devices)`,
    });
  }
  return {
    vendor,
    containers: read,
    useTypes: vendor.useType ? typeList(annotations[vendor.useType]) : [],
    noUseTypes: vendor.noUseType ? typeList(annotations[vendor.noUseType]) : [],
  };
}

/** Whether a device type is selected by the pod's use/nouse type lists (HAMi: contains-match, any case). */
export function typeSelected(
  request: Pick<HamiPodRequest, 'useTypes' | 'noUseTypes'>,
  type: string,
): boolean {
  const upper = type.toUpperCase();
  if (request.useTypes.length > 0 && !request.useTypes.some((t) => upper.includes(t))) return false;
  return !request.noUseTypes.some((t) => upper.includes(t));
}

/** A container's share of each device in milli, sized for a device of `devmemMiB` and `split` (module comment). */
export function milliOf(c: HamiContainerRequest, devmemMiB: number, split: number): number {
  const byCores = Math.ceil(c.cores * 10);
  const byMem =
    c.memMiB !== undefined
      ? Math.ceil((c.memMiB / devmemMiB) * MILLI_PER_DEVICE)
      : Math.ceil((c.memPercent ?? 100) * 10);
  const bySplit = Math.ceil(MILLI_PER_DEVICE / split);
  return Math.min(MILLI_PER_DEVICE, Math.max(byCores, byMem, bySplit));
}

/** The memory, in MiB, a container's virtual device uses on a device of `devmemMiB` (what HAMi writes). */
export function usedMemMiB(c: HamiContainerRequest, devmemMiB: number): number {
  return c.memMiB ?? Math.floor((devmemMiB * (c.memPercent ?? 100)) / 100);
}
