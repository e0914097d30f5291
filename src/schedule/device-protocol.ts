/**
 * @module schedule/device-protocol
 * How the live service reads devices and device requests, and what it writes on a pod it binds: the
 * `--device-protocol` of `hyperfleet serve`. `hyperfleet` (the default) reads nodes' extended resources and pods'
 * device resources through the resource map and writes hyperfleet's own device annotations
 * (schedule/kube/kube-binder); `hami` speaks HAMi's protocol (schedule/hami).
 */
import type { PodSpec } from '../model/index.js';
import { type NodeReading, readNode } from './kube-node.js';
import { type Pod, podSpecOf } from './kube-pod.js';
import type { ResourceModels } from './resource-models.js';

/** What a bind writes the protocol's annotations for: the pod, its node and its devices. */
export interface ProtocolBind {
  readonly uid: string;
  readonly node: string;
  readonly devices: readonly number[];
}

export interface DeviceProtocol {
  readonly name: 'hyperfleet' | 'hami';
  /** A v1.Node as a node spec (throws an InputError for a malformed object). */
  readNode(input: unknown): NodeReading;
  /**
   * A pod's request (throws an InputError whose field is inside the pod). `forDecision`: the pod is being
   * filtered, so what the bind will write may be remembered until then (false for pods already bound).
   */
  readPod(pod: Pod, forDecision?: boolean): PodSpec;
  /** Annotations to write on a pod bound with devices, beside hyperfleet's own; undefined: none. */
  bindAnnotations?(bind: ProtocolBind): Record<string, string> | undefined;
}

/** The default protocol: the resource map's reading, hyperfleet's own annotations only. */
export function hyperfleetProtocol(models: ResourceModels): DeviceProtocol {
  return {
    name: 'hyperfleet',
    readNode: (input) => readNode(input, models),
    readPod: (pod) => podSpecOf(pod, models),
  };
}
