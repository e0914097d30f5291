/**
 * @module schedule/kube/watched-pod
 * What the sync reads of a Pod object from the API server's list or watch: who the pod is, which node it is bound
 * to, whether it still counts, and — only for a pod that counts — its request and the devices hyperfleet's
 * binder annotated it with (schedule/kube/kube-binder). {@link readCountedPod} is the one reading of a pod to be
 * counted, for the sync and for a bind the API server refused as already assigned (schedule/kube/assigned-pod),
 * so both word an unreadable pod and a bad device annotation alike.
 *
 * A pod counts while it is bound (`spec.nodeName` set) and not finished (phase Succeeded/Failed), as
 * kube-scheduler's own cache counts pods.
 */
import { ErrorCode, isInputError, type Outcome, parseInput, refuse } from '../../errors/index.js';
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

/** A failure's text for the issue report: an input error's issues on one line, else the error's message. */
export function describeFailure(e: unknown): string {
  return isInputError(e) ? e.oneLine : (e as Error).message;
}

/** A bound pod's request, and its devices when its annotation lists them. */
interface BoundRequest {
  readonly spec: PodSpec;
  readonly traits: PodTraits;
  readonly devices?: number[];
  /** Why the device annotation was ignored, when it was there but not a list of device indices. */
  readonly annotationIssue?: string;
}

/** Reads a bound pod's request (throws the InputError of schedule/kube-pod's reading when it cannot be read). */
function readBoundRequest(
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

/**
 * A pod bound to `node` read to be counted: what a sink is told (schedule/kube/kube-sink), and `issue` — to report,
 * the pod counted all the same — when its device annotation was ignored. Refused (conflict), with the text to
 * report, when its request cannot be read: such a pod is not counted.
 */
export function readCountedPod(
  obj: unknown,
  who: Pick<PodStanding, 'uid' | 'namespace' | 'name'>,
  node: string,
  models: ResourceModels,
  protocol?: Pick<DeviceProtocol, 'readPod'>,
): Outcome<{ readonly pod: BoundPod; readonly issue?: string }> {
  const { uid, namespace, name } = who;
  let request;
  try {
    request = readBoundRequest(obj, models, protocol);
  } catch (e) {
    return refuse('conflict', `pod ${namespace}/${name} on node ${node} not counted: ${describeFailure(e)}`);
  }
  const { spec, traits, devices, annotationIssue } = request;
  const pod = { uid, namespace, name, node, spec, traits, ...(devices !== undefined ? { devices } : {}) };
  return annotationIssue === undefined
    ? { ok: true, pod }
    : { ok: true, pod, issue: `pod ${namespace}/${name}: ${annotationIssue}` };
}
