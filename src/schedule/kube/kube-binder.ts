/**
 * @module schedule/kube/kube-binder
 * The extender's bind in a real cluster. With `bindVerb` set, kube-scheduler delegates the bind to the extender,
 * so the extender must create the `Binding` itself (spec § 2). Before it, the pod is annotated with the devices
 * hyperfleet chose, for a device plugin (or the sync, after a restart) to read:
 * - `hyperfleet.io/gpu-devices`: comma list of device indices within the node (`0,3`);
 * - `hyperfleet.io/gpu-milli-per-device`: the milli the pod holds on each (1000 for whole devices);
 * - `hyperfleet.io/gpu-profile`: the partition it holds on each (MIG profile, vNPU template), when it asked for one.
 *
 * The PATCH is a JSON merge patch carrying the pod's UID, and the Binding carries it too, so a pod deleted and
 * recreated under the same name in between is never annotated or bound by mistake (the API server refuses).
 * A CPU-only pod (no devices) is bound without the PATCH. A Binding refused because the pod is bound already is
 * reported with the pod as the API server has it ({@link PodAlreadyAssigned}), so that the caller counts the pod
 * where it really runs rather than forgetting it. A device protocol (schedule/device-protocol, e.g. HAMi's)
 * adds its own annotations to the same PATCH.
 */
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
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
   * says which step failed and what the API server answered (the caller puts it in the protocol's `Error`).
   */
  async bind(req: BindRequest): Promise<void> {
    const who = `pod ${req.namespace}/${req.name}`;
    if (req.devices.length > 0) {
      const body = {
        metadata: {
          uid: req.uid,
          annotations: {
            [GPU_DEVICES_ANNOTATION]: req.devices.join(','),
            [GPU_MILLI_PER_DEVICE_ANNOTATION]: String(req.milliPerDevice),
            ...this.protocolAnnotations(req, who),
            ...(req.profile !== undefined ? { [GPU_PROFILE_ANNOTATION]: req.profile } : {}),
          },
        },
      };
      try {
        await this.api.patchNamespacedPod(
          { name: req.name, namespace: req.namespace, body },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
      } catch (e) {
        throw describeKubeError(
          `annotate ${who} with its devices (before binding to ${req.node})`,
          e,
          this.server,
        );
      }
    }
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
      throw refused.status === 409 ? await this.assignedOr(req, refused) : refused;
    }
  }

  /**
   * The Binding was refused with 409: when the API server shows the pod (same UID) bound to a node, a
   * {@link PodAlreadyAssigned} with the pod as read now; otherwise (or when it cannot be read) `refused`.
   */
  private async assignedOr(req: BindRequest, refused: KubeApiError): Promise<KubeApiError> {
    let pod;
    try {
      pod = await this.api.readNamespacedPod({ name: req.name, namespace: req.namespace });
    } catch {
      return refused;
    }
    const node = pod.spec?.nodeName;
    if (!node || pod.metadata?.uid !== req.uid) return refused;
    return new PodAlreadyAssigned(refused.message, node, pod);
  }
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
