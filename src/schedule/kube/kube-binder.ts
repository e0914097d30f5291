/**
 * @module schedule/kube/kube-binder
 * The extender's bind in a real cluster. With `bindVerb` set, kube-scheduler delegates the bind to the extender,
 * so the extender must create the `Binding` itself (spec § 2). Before it, the pod is annotated with the devices
 * hyperfleet chose, for a device plugin (or the sync, after a restart) to read:
 * - `hyperfleet.io/gpu-devices`: comma list of device indices within the node (`0,3`);
 * - `hyperfleet.io/gpu-milli-per-device`: the milli the pod holds on each (1000 for whole devices);
 * - `hyperfleet.io/gpu-profile`: the partition it holds on each (MIG profile, vNPU template), when it asked for one.
 *
 * The annotations are written with optimistic concurrency, as Kubernetes clients do: the pod is read first, and
 * the PATCH (a JSON merge patch) carries the `resourceVersion` read and the pod's UID, so the API server refuses
 * it (409) when the pod changed in between, and never annotates a pod deleted and recreated under the same name;
 * the Binding carries the UID too. A pod already bound when read, or bound meanwhile (the PATCH refused with 409,
 * the pod read again), is reported with the pod as the API server has it ({@link PodAlreadyAssigned}) and nothing
 * written to it, so that the caller counts it where it really runs with the devices its own annotations list,
 * rather than forgetting it or counting it with the devices chosen here. A Binding refused with 409 is reported
 * alike; a pod bound to another node by another client in the one round trip between our PATCH and our Binding
 * carries the annotations just written, naming devices of the node chosen here: they are put back as they were
 * (a PATCH with the `resourceVersion` read after the refusal), so that the pod is counted on its node without
 * them, as a pod the other client did not annotate. That PATCH refused because the pod changed again is retried
 * on the pod read anew; only when it is refused three times do they stay, and the refusal says so.
 * A CPU-only pod (no devices) is bound without the read or the PATCH. A device protocol (schedule/device-protocol,
 * e.g. HAMi's) adds its own annotations to the same PATCH.
 */
import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Pod,
} from '@kubernetes/client-node';
import type { DeviceProtocol } from '../device-protocol.js';
import type { Placement } from '../placements.js';
import { describeKubeError, KubeApiError } from './kube-config.js';

export const GPU_DEVICES_ANNOTATION = 'hyperfleet.io/gpu-devices';
export const GPU_MILLI_PER_DEVICE_ANNOTATION = 'hyperfleet.io/gpu-milli-per-device';
export const GPU_PROFILE_ANNOTATION = 'hyperfleet.io/gpu-profile';

/** What the binder writes: the placement's pod, node and devices (schedule/placements). */
export type BindRequest = Pick<
  Placement,
  'namespace' | 'name' | 'uid' | 'node' | 'devices' | 'milliPerDevice' | 'profile'
>;

/** Parses a `hyperfleet.io/gpu-devices` value (`"0,3"`); undefined when it is not a list of indices ≥ 0. */
export function parseDeviceList(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((s) => !/^\d+$/.test(s))) return text.trim() === '' ? [] : undefined;
  const devices = parts.map(Number);
  return new Set(devices).size === devices.length ? devices : undefined;
}

export class KubeBinder {
  private readonly api: CoreV1Api;
  private readonly server: string | undefined;

  constructor(
    kubeconfig: KubeConfig,
    private readonly protocol?: Pick<DeviceProtocol, 'bindAnnotations'>,
  ) {
    this.api = kubeconfig.makeApiClient(CoreV1Api);
    this.server = kubeconfig.getCurrentCluster()?.server;
  }

  private protocolAnnotations(req: BindRequest, who: string): Record<string, string> | undefined {
    try {
      return this.protocol?.bindAnnotations?.(req);
    } catch (e) {
      throw new KubeApiError(`cannot annotate ${who} for node ${req.node}: ${(e as Error).message}`);
    }
  }

  /**
   * Annotates the pod with its devices, then binds it to the node. Throws a {@link KubeApiError} whose message
   * says which step failed and what the API server answered (the caller puts it in the protocol's `Error`), a
   * {@link PodAlreadyAssigned} when the pod turns out to be bound already.
   */
  async bind(req: BindRequest): Promise<void> {
    const who = `pod ${req.namespace}/${req.name}`;
    const written = req.devices.length > 0 ? await this.annotate(req, who) : undefined;
    try {
      await this.api.createNamespacedPodBinding({
        name: req.name,
        namespace: req.namespace,
        body: {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: req.name, namespace: req.namespace, uid: req.uid },
          target: { apiVersion: 'v1', kind: 'Node', name: req.node },
        },
      });
    } catch (e) {
      const refused = describeKubeError(`bind ${who} to node ${req.node}`, e, this.server);
      if (refused.status !== 409) throw refused;
      const assigned = await this.assignedNow(req, () => refused.message);
      if (assigned === undefined) throw refused;
      // Bound between our PATCH and this Binding (a window of one round trip): if elsewhere, our annotations name
      // devices of the node chosen here.
      throw written === undefined ? assigned : await this.takeBack(req, written, assigned);
    }
  }

  /**
   * Puts the annotations a bind wrote back as they were, on a pod another client bound to another node meanwhile,
   * unless they were replaced since (by that client); returns the refusal to report, with the pod as it is now.
   * A PATCH refused because the pod changed again is retried on the pod read anew, as Kubernetes clients retry on
   * conflict ({@link PUT_BACK_ATTEMPTS} attempts).
   */
  private async takeBack(
    req: BindRequest,
    written: WrittenAnnotations,
    assigned: PodAlreadyAssigned,
  ): Promise<PodAlreadyAssigned> {
    const keys = Object.keys(written.ours);
    const annotations: Record<string, string | null> = {};
    for (const k of keys) annotations[k] = written.before[k] ?? null;
    let current = assigned;
    for (let attempt = 1; ; attempt++) {
      const pod = current.pod as V1Pod;
      const now = pod.metadata?.annotations ?? {};
      if (current.node === req.node || !keys.every((k) => now[k] === written.ours[k])) return current;
      try {
        const restored = await this.patchAnnotations(req, pod, annotations);
        return new PodAlreadyAssigned(
          `${assigned.message}; the device annotations this bind wrote were put back as they were`,
          current.node,
          restored,
        );
      } catch (e) {
        const refused = describeKubeError('put them back', e, this.server);
        const again =
          refused.status === 409 && attempt < PUT_BACK_ATTEMPTS
            ? await this.assignedNow(req, () => assigned.message)
            : undefined;
        if (again === undefined) {
          return new PodAlreadyAssigned(
            `${assigned.message}; the device annotations this bind wrote, naming devices of node ${req.node}, ` +
              `stay (${refused.message})`,
            current.node,
            pod,
          );
        }
        current = again;
      }
    }
  }

  /**
   * Writes the device annotations with optimistic concurrency: the pod is read first, and the merge PATCH carries
   * the `resourceVersion` read, so that the API server refuses it (409) when the pod changed in between. Nothing is
   * written on a pod already bound — its annotations are the durable truth of the devices it holds, and replacing
   * them with ours would count it with the wrong devices (then handed out twice).
   */
  private async annotate(req: BindRequest, who: string): Promise<WrittenAnnotations> {
    const step = `annotate ${who} with its devices (before binding to ${req.node})`;
    const nothingWritten = 'its annotations were left as they are';
    let pod: V1Pod;
    try {
      pod = await this.readPod(req);
    } catch (e) {
      throw describeKubeError(step, e, this.server);
    }
    const uid = pod.metadata?.uid;
    if (uid !== req.uid) {
      throw new KubeApiError(
        `${step}: the API server's pod of that name has UID ${uid ?? '(none)'}, not ${req.uid} ` +
          '(deleted and recreated under the same name); nothing was written',
        409,
      );
    }
    const assigned = assignedAs(
      req,
      pod,
      (node) =>
        `bind ${who} to node ${req.node}: the API server shows it already assigned to node "${node}"; ${nothingWritten}`,
    );
    if (assigned) throw assigned;
    const ours: Record<string, string> = {
      [GPU_DEVICES_ANNOTATION]: req.devices.join(','),
      [GPU_MILLI_PER_DEVICE_ANNOTATION]: String(req.milliPerDevice),
      ...this.protocolAnnotations(req, who),
      ...(req.profile !== undefined ? { [GPU_PROFILE_ANNOTATION]: req.profile } : {}),
    };
    try {
      await this.patchAnnotations(req, pod, ours);
    } catch (e) {
      const refused = describeKubeError(step, e, this.server);
      if (refused.status !== 409) throw refused;
      // The pod changed since it was read: bound meanwhile (by another scheduler, an earlier leader) or not.
      const bound = await this.assignedNow(
        req,
        (node) =>
          `bind ${who} to node ${req.node}: the pod was bound to node "${node}" after it was read (the API server ` +
          `refused the annotation patch with 409); ${nothingWritten}`,
      );
      throw (
        bound ??
        new KubeApiError(
          `${refused.message} (the pod changed after it was read and is not bound: nothing was written, and ` +
            'kube-scheduler retries it)',
          409,
        )
      );
    }
    return { ours, before: pod.metadata?.annotations ?? {} };
  }

  /**
   * A JSON merge PATCH of the pod's annotations (null removes one), on the pod as `read`: refused with 409 when the
   * pod changed since (its `resourceVersion`) or is another pod of the same name (UID).
   */
  private patchAnnotations(
    req: BindRequest,
    read: V1Pod,
    annotations: Record<string, string | null>,
  ): Promise<V1Pod> {
    const body = { metadata: { uid: req.uid, resourceVersion: read.metadata?.resourceVersion, annotations } };
    return this.api.patchNamespacedPod(
      { name: req.name, namespace: req.namespace, body },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  private readPod(req: BindRequest): Promise<V1Pod> {
    return this.api.readNamespacedPod({ name: req.name, namespace: req.namespace });
  }

  /**
   * After a 409: reads the pod again; when the API server shows it (same UID) bound to a node, a
   * {@link PodAlreadyAssigned} with the pod as read now and `message(node)`; otherwise (or when it cannot be read)
   * undefined, and the caller's refusal stands.
   */
  private async assignedNow(
    req: BindRequest,
    message: (node: string) => string,
  ): Promise<PodAlreadyAssigned | undefined> {
    let pod;
    try {
      pod = await this.readPod(req);
    } catch {
      return undefined;
    }
    return assignedAs(req, pod, message);
  }
}

/** Attempts to put back the annotations of a pod bound elsewhere meanwhile (each after a 409 reads it again). */
const PUT_BACK_ATTEMPTS = 3;

/** The annotations a bind wrote, and the pod's annotations before (to put back what it replaced). */
interface WrittenAnnotations {
  readonly ours: Record<string, string>;
  readonly before: Record<string, string>;
}

/** When `pod` (as read from the API server) is the request's pod (same UID) and bound to a node: a {@link PodAlreadyAssigned}. */
function assignedAs(
  req: BindRequest,
  pod: V1Pod,
  message: (node: string) => string,
): PodAlreadyAssigned | undefined {
  const node = pod.spec?.nodeName;
  if (!node || pod.metadata?.uid !== req.uid) return undefined;
  return new PodAlreadyAssigned(message(node), node, pod);
}

/**
 * The Binding was refused because the pod is already bound to `node` (by an earlier leader, a retry, another
 * scheduler): `pod` is the Pod object as the API server has it now, whose device annotations are the durable truth
 * of what it holds.
 */
export class PodAlreadyAssigned extends KubeApiError {
  constructor(
    message: string,
    readonly node: string,
    readonly pod: unknown,
  ) {
    super(message, 409);
    this.name = 'PodAlreadyAssigned';
  }
}
