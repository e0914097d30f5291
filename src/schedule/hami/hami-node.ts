/**
 * @module schedule/hami/hami-node
 * A Kubernetes Node read in HAMi mode (`serve --device-protocol hami`): CPU and memory as schedule/kube-node reads
 * them, devices from HAMi's registration annotation instead of the node's extended resources (HAMi's plugin
 * advertises `nvidia.com/gpu` = devices × split count, which is not a device count).
 *
 * - The first vendor of schedule/hami/hami-vendors whose register annotation the node carries is read; a second
 *   vendor's devices are not used (hyperfleet models one device kind per node), with a warning.
 * - The handshake annotation: the plugin writes `Reported <time>` while it runs; HAMi's scheduler writes
 *   `Requesting_<time>` to ask for a fresh report and, when none comes, `Deleted_<time>`, after which the devices
 *   are gone. A node whose handshake starts with `Deleted` is read without devices.
 * - Only healthy devices are placeable; of those, the devices of the first healthy device's model (a node has
 *   one device model in hyperfleet's model; others are warned about and not used). Device index i of the node is
 *   the i-th placeable device, in the plugin's order.
 * - The model: NVIDIA types (`NVIDIA-<NVML name>`) through the resource map's `nvidia.com/gpu.product` table (the
 *   NVML name with spaces as dashes, as GPU feature discovery writes it); other vendors through their table in
 *   hami-vendors; a type neither knows is used verbatim as an uncatalogued model, with a warning.
 * - A malformed registration is warned about and the node read without devices (it still runs CPU pods).
 */
import { z } from 'zod';
import { isInputError } from '../../errors/index.js';
import { readNode, type NodeReading } from '../kube-node.js';
import type { ResourceModels } from '../resource-models.js';
import { HAMI_VENDORS, type HamiVendor } from './hami-vendors.js';
import { type HamiDevice, parseNodeRegister } from './node-register.js';

/** A node's HAMi devices: the vendor and the placeable devices, device index = position. */
export interface HamiNodeDevices {
  readonly vendor: HamiVendor;
  readonly model: string;
  readonly devices: readonly HamiDevice[];
}

/** A node read in HAMi mode: the reading (spec, warnings) and its HAMi devices, when it has any. */
export interface HamiNodeReading extends NodeReading {
  readonly hami?: HamiNodeDevices;
}

const Annotations = z.looseObject({
  metadata: z.looseObject({ annotations: z.record(z.string(), z.string()).nullish() }),
});

const NVIDIA_PRODUCT_LABEL = 'nvidia.com/gpu.product';

/** The model a HAMi device type means (see module comment); `catalogued` false when used verbatim. */
export function hamiTypeModel(
  vendor: HamiVendor,
  type: string,
  models: ResourceModels,
): { model: string; catalogued: boolean } {
  if (vendor.vendor === 'nvidia') {
    const product = type.replace(/^NVIDIA-/, '').replace(/\s+/g, '-');
    const values = models.productLabels.find((p) => p.label === NVIDIA_PRODUCT_LABEL)?.values ?? {};
    if (values[product] !== undefined) return { model: values[product], catalogued: true };
  }
  const upper = type.toUpperCase();
  const known = vendor.models.find(([part]) => upper.includes(part.toUpperCase()));
  return known ? { model: known[1], catalogued: true } : { model: type, catalogued: false };
}

/** Reads a v1.Node in HAMi mode (throws schedule/kube-node's InputError for a malformed Node object). */
export function readHamiNode(input: unknown, models: ResourceModels): HamiNodeReading {
  const base = readNode(input, models);
  const name = base.spec.name;
  const annotations = Annotations.safeParse(input).data?.metadata.annotations ?? {};
  const cpuOnly = (warnings: string[]): HamiNodeReading => ({
    spec: { ...base.spec, gpuCount: 0, gpuModel: '' },
    modelSource: 'none',
    warnings,
  });
  const registered = HAMI_VENDORS.filter((v) => annotations[v.registerAnnotation] !== undefined);
  if (registered.length === 0) {
    return cpuOnly(
      base.spec.gpuCount > 0
        ? [
            `node ${name} advertises ${base.resource} but carries no HAMi registration annotation, so its devices are not used in HAMi mode (is HAMi's device plugin running there?)`,
          ]
        : [],
    );
  }
  const warnings: string[] = [];
  const vendor = registered[0];
  for (const other of registered.slice(1)) {
    warnings.push(
      `node ${name} registers devices of ${vendor.vendor} and ${other.vendor}; hyperfleet models one device kind per node and uses ${vendor.registerAnnotation}`,
    );
  }
  const handshake = annotations[vendor.handshakeAnnotation];
  if (handshake?.startsWith('Deleted')) {
    return cpuOnly([
      ...warnings,
      `node ${name}: ${vendor.handshakeAnnotation}="${handshake}" says HAMi's device plugin stopped reporting, so its devices are not used`,
    ]);
  }
  let devices: HamiDevice[];
  try {
    devices = parseNodeRegister(vendor.registerAnnotation, annotations[vendor.registerAnnotation]);
  } catch (e) {
    if (!isInputError(e)) throw e;
    return cpuOnly([...warnings, `node ${name}: its devices are not used: ${e.oneLine}`]);
  }
  return { ...placeable(name, vendor, devices, models, warnings), modelSource: 'label', resource: undefined };

  function placeable(
    node: string,
    v: HamiVendor,
    all: HamiDevice[],
    m: ResourceModels,
    w: string[],
  ): Omit<HamiNodeReading, 'modelSource'> {
    const healthy = all.filter((d) => d.health);
    if (healthy.length < all.length) {
      w.push(
        `node ${node}: ${all.length - healthy.length} of ${all.length} devices unhealthy (${all
          .filter((d) => !d.health)
          .map((d) => d.id)
          .join(', ')}), not placeable`,
      );
    }
    if (healthy.length === 0) return cpuOnly(w);
    const { model, catalogued } = hamiTypeModel(v, healthy[0].type, m);
    if (!catalogued) {
      w.push(
        `node ${node}: HAMi device type "${healthy[0].type}" is not in the resource map or catalog; used verbatim as an uncatalogued model`,
      );
    }
    const same = healthy.filter((d) => hamiTypeModel(v, d.type, m).model === model);
    if (same.length < healthy.length) {
      w.push(
        `node ${node}: devices of another type than ${healthy[0].type} are not used (hyperfleet models one device model per node)`,
      );
    }
    return {
      spec: { ...base.spec, gpuCount: same.length, gpuModel: model },
      warnings: w,
      hami: { vendor: v, model, devices: same },
    };
  }
}
