/**
 * @module defrag/running-pods
 * The pods running on a fleet, read from placement records (the entries of `GET /v1/placements`, extended with
 * what decides moves), checked against the nodes — unknown node (with "did you mean"), device out of range or given
 * twice, devices without milli or milli without devices, a pod named twice, a device model the pod does not accept,
 * an unreadable annotation, more than a node holds — and placed on a cluster state.
 */
import { z } from 'zod';
import { isInputError } from '../errors/index.js';
import { closest, type PathIssue } from '../input/index.js';
import {
  ClusterState,
  MAX_PODS_PER_NODE,
  MILLI_PER_DEVICE,
  type NodeSpec,
  type PodSpec,
} from '../model/index.js';
import { movabilityOf } from './move-cost.js';
import { type PlacedPod, podId } from './placed-pod.js';

/** One running pod, as `GET /v1/placements` lists it plus the optional fields moves depend on. */
export const PlacementRecord = z.strictObject({
  namespace: z.string().min(1).default('default'),
  name: z.string().min(1),
  uid: z.string().optional(),
  node: z.string().min(1),
  devices: z.array(z.number().int().min(0)).default([]),
  milliPerDevice: z.number().int().min(0).max(MILLI_PER_DEVICE).default(0),
  /** The partition held on each device (MIG profile, vNPU template), kept with the pod when it moves. */
  profile: z.string().min(1).optional(),
  cpuMilli: z.number().int().min(0),
  memMiB: z.number().int().min(0),
  boundAt: z.number().optional(),
  qos: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  /** Kind of the pod's controller: `DaemonSet` pods never move. */
  owner: z.string().optional(),
  localStorage: z.boolean().optional(),
  /** Device models the pod accepts (default: any). */
  gpuModels: z.array(z.string().min(1)).optional(),
});
export type PlacementRecord = z.output<typeof PlacementRecord>;

export type RunningPods =
  | { readonly ok: true; readonly state: ClusterState; readonly pods: PlacedPod[] }
  | { readonly ok: false; readonly issues: PathIssue[] };

/** What {@link placementPodSpec} reads of a placement: a record, or the live service's own placement. */
export interface PlacementRequest {
  readonly namespace: string;
  readonly name: string;
  readonly devices: readonly number[];
  readonly milliPerDevice: number;
  readonly cpuMilli: number;
  readonly memMiB: number;
  readonly profile?: string;
  readonly qos?: string;
  readonly gpuModels?: readonly string[];
}

/**
 * The request of a running pod, named `namespace/name`: its devices each holding `milliPerDevice` (a CPU-only pod
 * when that is 0), the models it accepts and its partition only when it holds devices.
 */
export function placementPodSpec(r: PlacementRequest): PodSpec {
  const gpuCount = r.milliPerDevice > 0 ? r.devices.length : 0;
  return {
    name: podId(r),
    cpuMilli: r.cpuMilli,
    memMiB: r.memMiB,
    gpuCount,
    gpuMilli: gpuCount > 0 ? r.milliPerDevice : 0,
    gpuTypes: gpuCount > 0 ? [...(r.gpuModels ?? [])] : [],
    ...(gpuCount > 0 && r.profile !== undefined ? { gpuProfile: r.profile } : {}),
    ...(r.qos !== undefined ? { qos: r.qos } : {}),
  };
}

/** The records placed on `nodes`; issues are located at `[record index, field]`. */
export function runningPods(nodes: readonly NodeSpec[], records: readonly PlacementRecord[]): RunningPods {
  const state = new ClusterState(nodes);
  const index = new Map(nodes.map((n, i) => [n.name, i]));
  const issues: PathIssue[] = [];
  const pods: PlacedPod[] = [];
  const seen = new Set<string>();
  for (const [i, r] of records.entries()) {
    const at = (field?: string | number, ...more: (string | number)[]) =>
      field === undefined ? [i] : [i, field, ...more];
    const node = index.get(r.node);
    if (node === undefined) {
      const near = closest(r.node, index.keys(), 1)[0];
      issues.push({
        path: at('node'),
        message: `no node of that name${near ? ` (did you mean "${near}"?)` : ''}`,
      });
      continue;
    }
    const id = podId(r);
    if (seen.has(id)) {
      issues.push({ path: at('name'), message: `pod ${id} is listed twice` });
      continue;
    }
    seen.add(id);
    const problem = deviceProblem(r, nodes[node]);
    if (problem !== undefined) {
      issues.push({ path: at(problem.field), message: problem.message });
      continue;
    }
    const spec = placementPodSpec(r);
    const pod: PlacedPod = {
      namespace: r.namespace,
      name: r.name,
      node,
      devices: r.devices,
      spec,
      ...(r.annotations ? { annotations: r.annotations } : {}),
      ...(r.owner !== undefined ? { ownerKind: r.owner } : {}),
      ...(r.localStorage !== undefined ? { localStorage: r.localStorage } : {}),
    };
    try {
      movabilityOf(pod, { allowGuaranteed: true });
    } catch (e) {
      if (!isInputError(e)) throw e;
      const name = Object.keys(r.annotations ?? {}).find((a) => e.issues[0]?.field?.includes(a)) ?? '';
      issues.push({ path: at('annotations', name), expected: e.issues[0]?.expected });
      continue;
    }
    const over = overcommit(state, node, spec, r.devices);
    if (over !== undefined) {
      issues.push({ path: at(), message: `${over}: more than node ${r.node} holds (pod ${id})` });
      continue;
    }
    state.assume(node, spec, r.devices);
    pods.push(pod);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, state, pods };
}

function deviceProblem(r: PlacementRecord, node: NodeSpec): { field: string; message: string } | undefined {
  if (r.milliPerDevice > 0 && r.devices.length === 0) {
    return { field: 'devices', message: `milliPerDevice is ${r.milliPerDevice} but no device is given` };
  }
  if (r.milliPerDevice === 0 && r.devices.length > 0) {
    return { field: 'milliPerDevice', message: 'devices are given but milliPerDevice is 0' };
  }
  const bad = r.devices.find((d) => d >= node.gpuCount);
  if (bad !== undefined) {
    return {
      field: 'devices',
      message: `device ${bad} does not exist (node ${node.name} has ${node.gpuCount})`,
    };
  }
  if (new Set(r.devices).size !== r.devices.length)
    return { field: 'devices', message: 'a device is given twice' };
  if (r.devices.length > 0 && r.gpuModels && r.gpuModels.length > 0 && !r.gpuModels.includes(node.gpuModel)) {
    return {
      field: 'gpuModels',
      message: `node ${node.name} has ${node.gpuModel} devices, which the pod does not accept`,
    };
  }
  return undefined;
}

/**
 * What the pod would overcommit on the node, if anything (`device 0: 700 milli, 300 left`): the CPU, the memory,
 * the pod count or a device, in words that name neither the pod nor the node, for the caller to name them once.
 */
export function overcommit(
  state: ClusterState,
  node: number,
  spec: { cpuMilli: number; memMiB: number; gpuMilli: number },
  devices: readonly number[],
): string | undefined {
  if (spec.cpuMilli > state.cpuLeft[node]) return `CPU ${spec.cpuMilli} milli, ${state.cpuLeft[node]} left`;
  if (spec.memMiB > state.memLeft[node]) return `memory ${spec.memMiB} MiB, ${state.memLeft[node]} left`;
  if (state.podCount[node] >= MAX_PODS_PER_NODE) return `pod ${MAX_PODS_PER_NODE}`;
  for (const d of devices) {
    const left = state.gpuLeftOf(node, d);
    if (spec.gpuMilli > left) return `device ${d}: ${spec.gpuMilli} milli, ${left} left`;
  }
  return undefined;
}
