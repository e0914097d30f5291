/**
 * @module schedule/kube/kube-sync
 * Keeps the service's state in step with the cluster (`hyperfleet serve --kubeconfig FILE`): lists nodes, then
 * pods, hands every node and every pod bound to a node to a {@link KubeSink}, then watches both and passes on
 * changes. The parts:
 * - schedule/kube/list-watch: listing and watching one kind of object (resourceVersion, re-list on expiry,
 *   back-off after a failed watch);
 * - schedule/kube/reconcile: what the API server reports, reconciled with the sink (node changes, pods bound and
 *   gone, pods waiting for their node, warnings);
 * - schedule/kube/kube-binder: binding, with the annotations of the devices chosen (used by the server, not here).
 *
 * The initial lists must succeed: `synced` rejects with the API server's answer otherwise (and the sync stops).
 * After that, a failed watch is reported and retried with back-off (1 s doubling to 30 s).
 */
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { DeviceProtocol } from '../device-protocol.js';
import { DEFAULT_RESOURCE_MODELS, type ResourceModels } from '../resource-models.js';
import { loadKubeConfig } from './kube-config.js';
import type { KubeSink } from './kube-sink.js';
import { ListWatch, type ListWatchHandlers, WatchPhase, type WatchedResource } from './list-watch.js';
import { KubeReconciler, type SyncCounts } from './reconcile.js';

export interface KubeSyncOptions {
  /** Resource map for reading nodes and pods (default: the built-in one). */
  readonly resourceModels?: ResourceModels;
  /** How nodes and pods are read (`--device-protocol`; default: the resource map alone). */
  readonly protocol?: DeviceProtocol;
  /** Problems that do not stop the sync: unreadable objects, changes the sink refused, watch failures. */
  readonly onIssue?: (message: string) => void;
  /** First retry delay after a watch failure, in ms (default 1000; doubles up to 30 s). */
  readonly retryMs?: number;
}

export interface KubeSync {
  /** Resolves when the sink has seen every current node and bound pod; rejects when the initial lists fail. */
  readonly synced: Promise<void>;
  /** Stops watching (idempotent). */
  stop(): Promise<void>;
  /** What the sync tracks now (for /readyz and tests). */
  counts(): SyncCounts;
}

/**
 * Starts syncing `sink` with the cluster of a kubeconfig (a path, loaded with {@link loadKubeConfig}, or a loaded
 * KubeConfig, e.g. in-cluster). Resolves at once; await `synced` before serving.
 */
export async function startKubeSync(
  kubeconfig: string | KubeConfig,
  sink: KubeSink,
  opts: KubeSyncOptions = {},
): Promise<KubeSync> {
  const kc = typeof kubeconfig === 'string' ? loadKubeConfig(kubeconfig) : kubeconfig;
  const api = kc.makeApiClient(CoreV1Api);
  const report = opts.onIssue ?? (() => undefined);
  const reconciler = new KubeReconciler(
    sink,
    opts.resourceModels ?? DEFAULT_RESOURCE_MODELS,
    report,
    opts.protocol,
  );
  const phase = new WatchPhase();
  const watchOptions = { server: kc.getCurrentCluster()?.server, retryMs: opts.retryMs ?? 1000, report };
  const watch = (what: 'nodes' | 'pods', list: WatchedResource['list'], handlers: ListWatchHandlers) =>
    new ListWatch(kc, { what, path: `/api/v1/${what}`, list, handlers }, phase, watchOptions);
  const nodes = watch('nodes', () => api.listNode(), {
    upsert: (o) => reconciler.node(o),
    delete: (o) => reconciler.nodeDeleted(o),
  });
  const pods = watch('pods', () => api.listPodForAllNamespaces(), {
    upsert: (o) => reconciler.pod(o),
    delete: (o) => reconciler.podDeleted(o),
  });

  const stop = async (): Promise<void> => {
    if (phase.stopped) return;
    phase.stop();
    await Promise.all([nodes.stop(), pods.stop()]);
  };

  const synced = (async () => {
    try {
      await nodes.list();
      reconciler.initialNodesListed();
      await pods.list();
      phase.synced = true;
      reconciler.reportWaiting();
    } catch (e) {
      await stop();
      throw e;
    }
  })();
  // Callers that only `stop()` must not see an unhandled rejection; `synced` still rejects for those who await it.
  synced.catch(() => undefined);

  return { synced, stop, counts: () => reconciler.counts() };
}
