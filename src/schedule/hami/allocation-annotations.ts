/**
 * @module schedule/hami/allocation-annotations
 * The pod annotations HAMi's device plugins read once a pod is placed, in HAMi's encoding:
 * - `<devices-to-allocate>` and `<devices-allocated>` (NVIDIA: `hami.io/vgpu-devices-to-allocate`,
 *   `hami.io/vgpu-devices-allocated`; per vendor in schedule/hami/hami-vendors): per container, in container order,
 *   one `UUID,Type,usedmem,usedcores:` item per device (usedmem in MiB, usedcores in percent, Type HAMi's
 *   device-type constant such as `NVIDIA`), each container's list ended by `;` — a container without devices is
 *   an empty list (`;` alone), so the plugin finds each container's devices by position. HAMi's scheduler writes
 *   the same value under both names; the plugin erases a container's entry from `to-allocate` as it allocates it.
 * - `hami.io/vgpu-node`: the node the devices are on; `hami.io/vgpu-time` and `hami.io/bind-time`: when the
 *   decision was taken, Unix seconds; `hami.io/bind-phase`: `allocating` (the plugin sets `success` or `failed`).
 */
import {
  HAMI_BIND_PHASE_ALLOCATING,
  HAMI_BIND_PHASE_ANNOTATION,
  HAMI_BIND_TIME_ANNOTATION,
  HAMI_NODE_ANNOTATION,
  HAMI_TIME_ANNOTATION,
  type HamiVendor,
} from './hami-vendors.js';

/** One device given to a container. */
export interface AllocatedDevice {
  readonly uuid: string;
  readonly usedMemMiB: number;
  readonly usedCores: number;
}

/** The devices of each container, in container order (empty for a container without devices). */
export type PodAllocation = readonly (readonly AllocatedDevice[])[];

/** HAMi's encoding of a pod's devices (see module comment). */
export function encodePodDevices(type: string, allocation: PodAllocation): string {
  return allocation
    .map((devices) => devices.map((d) => `${d.uuid},${type},${d.usedMemMiB},${d.usedCores}:`).join('') + ';')
    .join('');
}

/** Every annotation to write on the pod, for a decision on `node` at `nowMs`. */
export function allocationAnnotations(
  vendor: HamiVendor,
  node: string,
  allocation: PodAllocation,
  nowMs: number,
): Record<string, string> {
  const devices = encodePodDevices(vendor.allocationType, allocation);
  const seconds = String(Math.floor(nowMs / 1000));
  return {
    [vendor.toAllocateAnnotation]: devices,
    [vendor.allocatedAnnotation]: devices,
    [HAMI_NODE_ANNOTATION]: node,
    [HAMI_TIME_ANNOTATION]: seconds,
    [HAMI_BIND_TIME_ANNOTATION]: seconds,
    [HAMI_BIND_PHASE_ANNOTATION]: HAMI_BIND_PHASE_ALLOCATING,
  };
}
