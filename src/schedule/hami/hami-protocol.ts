/**
 * @module schedule/hami/hami-protocol
 * `hyperfleet serve --device-protocol hami`: the live service speaks HAMi's protocol. Nodes' devices come from
 * HAMi's registration annotations (schedule/hami/hami-node), pods' requests from HAMi's resources
 * (schedule/hami/pod-request), and a bind writes the annotations HAMi's device plugins read
 * (schedule/hami/allocation-annotations), so the plugin enforces hyperfleet's choice of devices.
 *
 * It keeps the HAMi devices of every node read (device index → UUID, memory, split count) and the distinct kinds
 * of device over the fleet (schedule/hami/device-kinds, what a pod's request is sized against), and, between a
 * pod's filter and its bind, the pod's HAMi request (bind carries no pod). A pod without HAMi resources is read as the
 * default protocol reads it.
 */
import { ErrorCode, fieldPath, InputError } from '../../errors/index.js';
import type { PodSpec } from '../../model/index.js';
import type { DeviceProtocol, ProtocolBind } from '../device-protocol.js';
import { type Pod, podSpecOf } from '../kube-pod.js';
import type { ResourceModels } from '../resource-models.js';
import { type AllocatedDevice, allocationAnnotations } from './allocation-annotations.js';
import { HamiDeviceKinds } from './device-kinds.js';
import { type HamiNodeDevices, type HamiNodeReading, readHamiNode } from './hami-node.js';
import { HAMI_VENDORS, vendorPodAnnotations, vendorResources } from './hami-vendors.js';
import { type HamiPodRequest, milliOf, readHamiRequest, typeSelected, usedMemMiB } from './pod-request.js';

/** Requests held between filter and bind; the oldest are dropped beyond this (a pod filtered but never bound). */
const MAX_PENDING = 10_000;

/** What no node's model is: the constraint of a pod no registered device can hold. */
const NO_DEVICE_FITS = '(no registered HAMi device matches the pod: vendor, type selection, memory)';

/** The pod without HAMi's resources and annotations, for reading its CPU and memory the default way. */
function withoutHami(pod: Pod): Pod {
  const resources = new Set(HAMI_VENDORS.flatMap(vendorResources));
  const annotations = new Set(HAMI_VENDORS.flatMap(vendorPodAnnotations));
  const keep = (list: Record<string, string> | null | undefined) =>
    list && Object.fromEntries(Object.entries(list).filter(([k]) => !resources.has(k)));
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      annotations:
        pod.metadata.annotations &&
        Object.fromEntries(Object.entries(pod.metadata.annotations).filter(([k]) => !annotations.has(k))),
    },
    spec: pod.spec && {
      ...pod.spec,
      containers: pod.spec.containers?.map((c) => ({
        ...c,
        resources: c.resources && { requests: keep(c.resources.requests), limits: keep(c.resources.limits) },
      })),
    },
  };
}

export class HamiProtocol implements DeviceProtocol {
  readonly name = 'hami';
  private readonly nodes = new Map<string, HamiNodeDevices>();
  private readonly kinds = new HamiDeviceKinds();
  private readonly pending = new Map<string, HamiPodRequest>();

  constructor(
    private readonly models: ResourceModels,
    private readonly now: () => number = Date.now,
  ) {}

  readNode(input: unknown): HamiNodeReading {
    const reading = readHamiNode(input, this.models);
    const name = reading.spec.name;
    const before = this.nodes.get(name);
    if (before) this.kinds.update(before, -1);
    if (reading.hami) {
      this.nodes.set(name, reading.hami);
      this.kinds.update(reading.hami, 1);
    } else this.nodes.delete(name);
    return reading;
  }

  /** The HAMi devices of a node read, device index = position. */
  devicesOf(node: string): HamiNodeDevices | undefined {
    return this.nodes.get(node);
  }

  readPod(pod: Pod, forDecision = true): PodSpec {
    const request = readHamiRequest(pod);
    if (!request) return podSpecOf(pod, this.models);
    const base = podSpecOf(withoutHami(pod), this.models);
    if (base.gpuCount > 0) {
      throw new InputError(ErrorCode.InvalidPod, {
        field: fieldPath(['spec', 'containers']),
        message: `asks for devices both through HAMi's ${request.vendor.countResource} and hyperfleet's own request; use one`,
      });
    }
    const asking = request.containers.filter((c) => c.count > 0);
    const memNeeded = Math.max(...asking.map((c) => c.memMiB ?? 0));
    // The kinds of device, not every device: the smallest memory and split count and the models are the same.
    const eligible = [...this.kinds.of(request.vendor)].filter(
      (d) => typeSelected(request, d.type) && d.devmemMiB >= memNeeded,
    );
    const gpuCount = asking.reduce((sum, c) => sum + c.count, 0);
    if (eligible.length === 0) return { ...base, gpuCount, gpuMilli: 1000, gpuTypes: [NO_DEVICE_FITS] };
    const devmem = Math.min(...eligible.map((d) => d.devmemMiB));
    const split = Math.min(...eligible.map((d) => d.count));
    const gpuMilli = Math.max(...asking.map((c) => milliOf(c, devmem, split)));
    const gpuTypes = [...new Set(eligible.map((d) => d.model))].sort();
    if (forDecision) this.remember(pod.metadata.uid, request);
    return { ...base, gpuCount, gpuMilli, gpuTypes };
  }

  bindAnnotations(bind: ProtocolBind): Record<string, string> | undefined {
    const request = this.pending.get(bind.uid);
    if (!request || bind.devices.length === 0) return undefined;
    const node = this.nodes.get(bind.node);
    if (!node) throw new Error(`node ${bind.node} has no HAMi devices registered`);
    let next = 0;
    const allocation = request.containers.map((c) =>
      Array.from({ length: c.count }, (): AllocatedDevice => {
        const device = node.devices[bind.devices[next++]];
        if (device === undefined) throw new Error(`node ${bind.node} no longer registers the devices chosen`);
        return { uuid: device.id, usedMemMiB: usedMemMiB(c, device.devmemMiB), usedCores: c.cores };
      }),
    );
    this.pending.delete(bind.uid);
    return allocationAnnotations(request.vendor, bind.node, allocation, this.now());
  }

  private remember(uid: string, request: HamiPodRequest): void {
    this.pending.delete(uid);
    this.pending.set(uid, request);
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
  }
}
