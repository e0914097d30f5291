/**
 * @module schedule/hami/device-kinds
 * The distinct kinds of HAMi device registered over the fleet, per vendor: type, memory, split count and model,
 * each with how many registered devices are of that kind. A pod's request is sized against the devices it may
 * use (schedule/hami/pod-request: the smallest memory and split count among them, their models); a fleet of
 * thousands of devices has a handful of kinds, so reading a pod scans the kinds, not every device. Kept up to
 * date as nodes register, change or lose their devices.
 */
import type { HamiNodeDevices } from './hami-node.js';
import type { HamiVendor } from './hami-vendors.js';

/** What a pod's request reads of a device. */
export interface HamiDeviceKind {
  readonly model: string;
  readonly type: string;
  readonly devmemMiB: number;
  /** Split count. */
  readonly count: number;
}

export class HamiDeviceKinds {
  /** Vendor → kind key → the kind and how many registered devices are of it. */
  private readonly byVendor = new Map<HamiVendor, Map<string, { kind: HamiDeviceKind; devices: number }>>();

  /** Counts a node's devices in (`sign` 1) or out (`sign` -1, as they were counted in). */
  update(node: HamiNodeDevices, sign: 1 | -1): void {
    let kinds = this.byVendor.get(node.vendor);
    if (!kinds) this.byVendor.set(node.vendor, (kinds = new Map()));
    for (const d of node.devices) {
      const kind = { model: node.model, type: d.type, devmemMiB: d.devmemMiB, count: d.count };
      const key = JSON.stringify([kind.model, kind.type, kind.devmemMiB, kind.count]);
      const entry = kinds.get(key);
      const devices = (entry?.devices ?? 0) + sign;
      if (devices > 0) kinds.set(key, { kind: entry?.kind ?? kind, devices });
      else kinds.delete(key);
    }
  }

  /** The kinds of `vendor`'s devices registered now (each once, however many devices are of it). */
  *of(vendor: HamiVendor): IterableIterator<HamiDeviceKind> {
    for (const { kind } of this.byVendor.get(vendor)?.values() ?? []) yield kind;
  }
}
