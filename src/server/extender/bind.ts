/**
 * @module server/extender/bind
 * POST /extender/bind: the pod is placed on the devices filter reserved, stored before the reply, and — with a
 * kubeconfig — bound in the API server. A refusal (no filter decision, another pod of that name, the API server
 * saying no) is the protocol's `Error`, and kube-scheduler retries the pod; a failure of ours is a 500. A pod the
 * API server shows bound already is counted where it runs (schedule/kube/assigned-pod), not forgotten; what the
 * sync would report of it (a device annotation ignored) goes to the log.
 */
import { countAssignedPod, KubeApiError, PodAlreadyAssigned } from '../../schedule/index.js';
import { parseBody } from '../api/index.js';
import type { ExtenderContext } from './verbs.js';
import { ExtenderBindingArgs, type ExtenderBindingResult } from './wire.js';

export async function bind(ctx: ExtenderContext, body: unknown): Promise<ExtenderBindingResult> {
  const { live, metrics, binder } = ctx;
  const args = parseBody(ExtenderBindingArgs, body);
  const pod = { uid: args.PodUID, namespace: args.PodNamespace, name: args.PodName };
  const bound = live.bind({ ...pod, nodeName: args.Node });
  let error = bound.ok ? '' : bound.reason;
  // A pod bound in the cluster already is acknowledged as it is: the API server would refuse a second Binding.
  if (bound.ok && binder && !bound.alreadyBound) {
    const { devices, milliPerDevice, profile } = bound.placement;
    try {
      await binder.bind({ ...pod, node: args.Node, devices, milliPerDevice, profile });
    } catch (e) {
      if (e instanceof PodAlreadyAssigned) {
        // Bound already (by an earlier leader, a retry): counted where the API server shows it, never forgotten.
        const counted = countAssignedPod(live, e.pod, e.node, ctx.resourceModels, ctx.warn, ctx.protocol);
        error = counted.ok ? `${e.message}; counted on node ${e.node}` : `${e.message}; ${counted.reason}`;
      } else {
        // The pod is not bound, so hyperfleet must not count it either.
        live.release(pod.namespace, pod.name);
        // The API server's refusal (or absence) is the protocol's Error; anything else is a failure of ours.
        if (!(e instanceof KubeApiError)) throw e;
        error = e.message;
      }
    }
  }
  metrics.decision('bind', error === '' ? 'bound' : 'error');
  return { Error: error };
}
