/**
 * @module schedule/kube/watched-pod
 * What the sync reads of a Pod object from the API server's list or watch: who the pod is, which node it is bound
 * to, whether it still counts, and — only for a pod that counts — its request and the devices hyperfleet's
 * binder annotated it with (schedule/kube/kube-binder).
 *
 * A pod counts while it is bound (`spec.nodeName` set) and not finished (phase Succeeded/Failed), as
 * kube-scheduler's own cache counts pods.
 */
import { ErrorCode, parseInput } from '../../errors/index.js';
import type { PodSpec } from '../../model/index.js';
import type { DeviceProtocol } from '../device-protocol.js';
import { Pod, podSpecOf } from '../kube-pod.js';
import type { ResourceModels } from '../resource-models.js';
import { podTraitsOf, type PodTraits } from '../pod-traits.js';
import { GPU_DEVICES_ANNOTATION, parseDeviceList } from './kube-binder.js';
import type { BoundPod } from './kube-sink.js';

/** The fields of a watched pod the sync looks at before reading its request (all optional on the wire). */
interface RawPod {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    annotations?: Record<string, string> | null;
  };
  spec?: { nodeName?: string | null };
  status?: { phase?: string };
}

/** Where a watched pod stands. */
export interface PodStanding {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** The node it is bound to; undefined while pending. */
  readonly node: string | undefined;
  /** Whether it holds resources on its node: bound and not finished. */
  readonly counts: boolean;
}

/** Where a watched pod stands; undefined for an object without a UID (nothing to track it by). */
export function podStanding(obj: unknown): PodStanding | undefined {
  const raw = obj as RawPod;
  const uid = raw.metadata?.uid;
  if (!uid) return undefined;
  const node = raw.spec?.nodeName ?? undefined;
  const phase = raw.status?.phase;
  return {
    uid,
    namespace: raw.metadata?.namespace ?? 'default',
    name: raw.metadata?.name ?? '',
    node,
    counts: !!node && phase !== 'Succeeded' && phase !== 'Failed',
  };
}

/** The node a watched pod is bound to, if any. */
export function boundNodeOf(obj: unknown): string | undefined {
  return (obj as RawPod).spec?.nodeName ?? undefined;
}

/** A bound pod's request, and its devices when its annotation lists them. */
export interface BoundRequest {
  readonly spec: PodSpec;
  readonly traits: PodTraits;
  readonly devices?: number[];
  /** Why the device annotation was ignored, when it was there but not a list of device indices. */
  readonly annotationIssue?: string;
}

/** Reads a bound pod's request (throws the InputError of schedule/kube-pod's reading when it cannot be read). */
export function readBoundRequest(
  obj: unknown,
  models: ResourceModels,
  protocol?: Pick<DeviceProtocol, 'readPod'>,
): BoundRequest {
  const pod = parseInput(Pod, obj, ErrorCode.InvalidPod);
  const spec = protocol ? protocol.readPod(pod, false) : podSpecOf(pod, models);
  const traits = podTraitsOf(pod);
  const annotation = (obj as RawPod).metadata?.annotations?.[GPU_DEVICES_ANNOTATION];
  const devices = parseDeviceList(annotation);
  if (annotation !== undefined && devices === undefined) {
    return {
      spec,
      traits,
      annotationIssue: `annotation ${GPU_DEVICES_ANNOTATION}="${annotation}" is not a list of device indices; ignored`,
    };
  }
  return devices === undefined ? { spec, traits } : { spec, traits, devices };
}

/** What a sink is told of a pod bound to `node` (schedule/kube/kube-sink), from its standing and request. */
export function boundPodOf(
  who: Pick<PodStanding, 'uid' | 'namespace' | 'name'>,
  node: string,
  request: BoundRequest,
): BoundPod {
  const { spec, traits, devices } = request;
  const { uid, namespace, name } = who;
  return { uid, namespace, name, node, spec, traits, ...(devices !== undefined ? { devices } : {}) };
}
