/**
 * @module schedule/kube/kube-sync
 * Keeps the service's state in step with the cluster (`hyperfleet serve --kubeconfig FILE`): lists nodes, then
 * pods, hands every node and every pod bound to a node to a {@link KubeSink}, then watches both and passes on
 * changes. Built on client-node's ListWatch (list, then watch from the list's resourceVersion; re-list on 410).
 *
 * - Nodes are read by extender-wire's `readNode` through the resource map; the sink hears of a node only when its
 *   spec (CPU, memory, device count, model) changed, not on every status heartbeat. A node's warnings (unknown
 *   model, …) are reported once per change.
 * - Pods count while they are bound (`spec.nodeName` set) and not finished (phase Succeeded/Failed), as
 *   kube-scheduler's own cache counts them. The sink hears `podBound` once per UID and `podGone` when the pod
 *   finishes, is deleted, or its node is deleted. A pod bound to a node the sync has not seen yet is held until the
 *   node appears. A pod whose request cannot be read (extender-wire's errors) is reported and not counted.
 * - The initial lists must succeed: `synced` rejects with the API server's answer otherwise (and the sync stops).
 *   After that, a failed watch is reported and retried with back-off (1 s doubling to 30 s).
 */
import {
  CoreV1Api,
  makeInformer,
  type Informer,
  type KubeConfig,
  type ObjectCache,
} from '@kubernetes/client-node';
import { ErrorCode, isInputError, parseInput } from '../../errors/index.js';
import type { NodeSpec } from '../../model/index.js';
import { readNode } from '../kube-node.js';
import { Pod, podSpecOf } from '../kube-pod.js';
import { DEFAULT_RESOURCE_MODELS, type ResourceModels } from '../resource-models.js';
import { GPU_DEVICES_ANNOTATION, parseDeviceList } from './kube-binder.js';
import { describeKubeError, loadKubeConfig } from './kube-config.js';
import type { KubeSink, SinkOutcome } from './kube-sink.js';

export interface KubeSyncOptions {
  /** Resource map for reading nodes and pods (default: the built-in one). */
  readonly resourceModels?: ResourceModels;
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
  counts(): { nodes: number; pods: number; unreadablePods: number; waitingForNode: number };
}

type KubeObject = { metadata?: { name?: string; namespace?: string; uid?: string } };
type Watched<T extends KubeObject> = Informer<T & { metadata: object }> &
  ObjectCache<T & { metadata: object }>;

interface TrackedPod {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  /** Whether the sink was told (false for a pod whose request could not be read). */
  readonly counted: boolean;
}

const MAX_RETRY_MS = 30_000;

/** A failure's text for the issue report: an input error's issues on one line, else the error's message. */
function describe(e: unknown): string {
  return isInputError(e) ? e.oneLine : (e as Error).message;
}

function sameSpec(a: NodeSpec, b: NodeSpec): boolean {
  return (
    a.cpuMilli === b.cpuMilli &&
    a.memMiB === b.memMiB &&
    a.gpuCount === b.gpuCount &&
    a.gpuModel === b.gpuModel
  );
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
  const server = kc.getCurrentCluster()?.server;
  const api = kc.makeApiClient(CoreV1Api);
  const models = opts.resourceModels ?? DEFAULT_RESOURCE_MODELS;
  const report = opts.onIssue ?? (() => undefined);
  const firstRetry = opts.retryMs ?? 1000;

  const nodes = new Map<string, NodeSpec>();
  const nodeWarnings = new Map<string, string>();
  /** Pods counted (or refused by the sink), by UID. */
  const pods = new Map<string, TrackedPod>();
  /** Bound pods whose node is not known yet, by UID. */
  const waiting = new Map<string, unknown>();
  let stopped = false;
  /** Nodes of the initial list, collected to hand over in one call when the sink can take them so. */
  let initialNodes: Map<string, NodeSpec> | null = sink.upsertNodes ? new Map() : null;

  const call = (what: string, f: () => SinkOutcome): void => {
    try {
      const outcome = f();
      if (outcome && !outcome.ok) report(`${what}: ${outcome.reason}`);
    } catch (e) {
      report(`${what}: ${describe(e)}`);
    }
  };

  const onNode = (obj: unknown): void => {
    let reading;
    try {
      reading = readNode(obj, models);
    } catch (e) {
      const name = (obj as KubeObject).metadata?.name;
      report(`node ${typeof name === 'string' ? `${name} ` : ''}not read: ${describe(e)}`);
      return;
    }
    const { spec } = reading;
    const warnings = reading.warnings.join('; ');
    if (warnings !== '' && nodeWarnings.get(spec.name) !== warnings) report(warnings);
    nodeWarnings.set(spec.name, warnings);
    const known = nodes.get(spec.name);
    if (known && sameSpec(known, spec)) return;
    nodes.set(spec.name, spec);
    if (initialNodes) initialNodes.set(spec.name, spec);
    else call(`node ${spec.name}`, () => sink.upsertNode(spec));
    if (!initialNodes) flushWaiting(spec.name);
  };

  const onNodeDeleted = (obj: unknown): void => {
    const name = (obj as KubeObject).metadata?.name;
    if (name === undefined || !nodes.has(name)) return;
    for (const p of [...pods.values()]) if (p.node === name) gone(p);
    for (const [uid, w] of waiting)
      if ((w as { spec?: { nodeName?: string } }).spec?.nodeName === name) waiting.delete(uid);
    nodes.delete(name);
    nodeWarnings.delete(name);
    if (initialNodes) initialNodes.delete(name);
    else call(`node ${name}`, () => sink.deleteNode(name));
  };

  const gone = (p: TrackedPod): void => {
    pods.delete(p.uid);
    if (!p.counted) return;
    call(`pod ${p.namespace}/${p.name}`, () =>
      sink.podGone({ uid: p.uid, namespace: p.namespace, name: p.name }),
    );
  };

  const flushWaiting = (node: string): void => {
    for (const [uid, obj] of [...waiting]) {
      if ((obj as { spec?: { nodeName?: string } }).spec?.nodeName !== node) continue;
      waiting.delete(uid);
      onPod(obj);
    }
  };

  const onPod = (obj: unknown): void => {
    const raw = obj as {
      metadata?: {
        name?: string;
        namespace?: string;
        uid?: string;
        annotations?: Record<string, string> | null;
      };
      spec?: { nodeName?: string | null };
      status?: { phase?: string };
    };
    const uid = raw.metadata?.uid;
    if (!uid) return;
    const namespace = raw.metadata?.namespace ?? 'default';
    const name = raw.metadata?.name ?? '';
    const node = raw.spec?.nodeName ?? undefined;
    const phase = raw.status?.phase;
    const tracked = pods.get(uid);
    if (!node || phase === 'Succeeded' || phase === 'Failed') {
      waiting.delete(uid);
      if (tracked) gone(tracked);
      return;
    }
    if (tracked) return;
    if (!nodes.has(node)) {
      waiting.set(uid, obj);
      return;
    }
    let spec;
    try {
      spec = podSpecOf(parseInput(Pod, obj, ErrorCode.InvalidPod), models);
    } catch (e) {
      report(`pod ${namespace}/${name} on node ${node} not counted: ${describe(e)}`);
      pods.set(uid, { uid, namespace, name, node, counted: false });
      return;
    }
    const annotation = raw.metadata?.annotations?.[GPU_DEVICES_ANNOTATION];
    const devices = parseDeviceList(annotation);
    if (annotation !== undefined && devices === undefined) {
      report(
        `pod ${namespace}/${name}: annotation ${GPU_DEVICES_ANNOTATION}="${annotation}" is not a list of device indices; ignored`,
      );
    }
    pods.set(uid, { uid, namespace, name, node, counted: true });
    call(`pod ${namespace}/${name} on node ${node}`, () =>
      sink.podBound({ uid, namespace, name, node, spec, ...(devices !== undefined ? { devices } : {}) }),
    );
  };

  const onPodDeleted = (obj: unknown): void => {
    const uid = (obj as KubeObject).metadata?.uid;
    if (!uid) return;
    waiting.delete(uid);
    const tracked = pods.get(uid);
    if (tracked) gone(tracked);
  };

  const nodeInformer = makeInformer(kc, '/api/v1/nodes', () => api.listNode()) as Watched<KubeObject>;
  const podInformer = makeInformer(kc, '/api/v1/pods', () =>
    api.listPodForAllNamespaces(),
  ) as Watched<KubeObject>;
  nodeInformer.on('add', onNode);
  nodeInformer.on('update', onNode);
  nodeInformer.on('delete', onNodeDeleted);
  podInformer.on('add', onPod);
  podInformer.on('update', onPod);
  podInformer.on('delete', onPodDeleted);

  let initialError: unknown;
  let syncedYet = false;
  const timers = new Set<NodeJS.Timeout>();
  const watchErrors = (what: string, informer: Watched<KubeObject>): void => {
    let delay = firstRetry;
    informer.on('connect', () => {
      if (syncedYet) delay = firstRetry;
    });
    informer.on('error', (err: unknown) => {
      if (!syncedYet) {
        initialError ??= err;
        return;
      }
      if (stopped) return;
      report(`${describeKubeError(`watch of ${what}`, err, server).message}; retrying in ${delay / 1000} s`);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) void informer.start();
      }, delay);
      timer.unref();
      timers.add(timer);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    });
  };
  watchErrors('nodes', nodeInformer);
  watchErrors('pods', podInformer);

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    await Promise.all([nodeInformer.stop(), podInformer.stop()]);
  };

  const start = async (what: string, informer: Watched<KubeObject>): Promise<void> => {
    await informer.start();
    if (initialError !== undefined) throw describeKubeError(`list ${what}`, initialError, server);
  };

  const synced = (async () => {
    try {
      await start('nodes', nodeInformer);
      if (initialNodes && sink.upsertNodes) {
        const batch = [...initialNodes.values()];
        initialNodes = null;
        if (batch.length > 0) call('initial nodes', () => sink.upsertNodes?.(batch));
      }
      initialNodes = null;
      await start('pods', podInformer);
      syncedYet = true;
      for (const name of new Set(
        [...waiting.values()].map((o) => (o as { spec?: { nodeName?: string } }).spec?.nodeName),
      )) {
        if (name !== undefined)
          report(`pods bound to node ${name}, which the API server does not list, wait for it`);
      }
    } catch (e) {
      await stop();
      throw e;
    }
  })();
  // Callers that only `stop()` must not see an unhandled rejection; `synced` still rejects for those who await it.
  synced.catch(() => undefined);

  return {
    synced,
    stop,
    counts: () => ({
      nodes: nodes.size,
      pods: [...pods.values()].filter((p) => p.counted).length,
      unreadablePods: [...pods.values()].filter((p) => !p.counted).length,
      waitingForNode: waiting.size,
    }),
  };
}
