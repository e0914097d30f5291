/**
 * A client that plays kube-scheduler against a hyperfleet extender over real HTTP, as
 * ../shared/specs/kube-scheduler-extender.md describes the scheduler: for each pod, strictly in sequence,
 * `POST {base}/extender/filter` with `nodeCacheCapable` arguments (`Nodes: null`, `NodeNames: [...]`), then
 * `prioritize` on the nodes that passed (kube-scheduler skips it when exactly one node passes; `prioritize:
 * 'always'` calls it anyway to check that it agrees), picks the node with the highest total
 * (`Score × weight × 10`, first one on a tie) and `bind`s the pod there.
 *
 * It never throws on a bad answer: each pod gets an outcome (`bound`, `unschedulable` or `error` with the reason),
 * so that tests of restarts and crashes can see which pods went through. Base URL and extra headers (e.g. a bearer
 * token) are parameters; TLS is whatever `fetch` does with the URL.
 *
 * Also here: {@link wirePod}, a PodSpec as the v1.Pod kube-scheduler sends (quantities in canonical Kubernetes
 * form), and {@link fetchPlacements}, the server's `GET /v1/placements`.
 */
import type { PodSpec } from '../../src/model/pod.js';
import type { Pod } from '../../src/schedule/kube-pod.js';

/** What happened to one pod. */
export interface PodOutcome {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** `bound`: bind returned no error; `unschedulable`: filter passed no node; `error`: a call failed. */
  readonly status: 'bound' | 'unschedulable' | 'error';
  /** The node bound to (status `bound`), or the node bind was attempted on (status `error` at bind). */
  readonly node?: string;
  /** The call that failed and why (status `error`). */
  readonly error?: { readonly verb: 'filter' | 'bind'; readonly message: string };
  /** Why prioritize failed, when it did (the cycle went on without its scores, as kube-scheduler's does). */
  readonly prioritizeError?: string;
  /** Nodes that filter passed. */
  readonly passed: readonly string[];
  /** How many candidates filter refused (FailedNodes + FailedAndUnresolvableNodes). */
  readonly failedCount: number;
  /** Wall time of the pod's calls, in ms. */
  readonly elapsedMs: number;
}

export interface KubeSchedulerClientOptions {
  /** The extender's urlPrefix, e.g. `http://127.0.0.1:8080` (the client appends `/extender/<verb>`). */
  readonly baseUrl: string;
  /** Headers added to every request (e.g. `{ authorization: 'Bearer …' }`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Candidate node names sent in every filter (`NodeNames`, as with nodeCacheCapable). */
  readonly nodeNames: readonly string[];
  /** `when-several` (kube-scheduler's behaviour, default) or `always` (also with one passing node). */
  readonly prioritize?: 'when-several' | 'always';
  /** The extender's `weight` in the scheduler configuration (default 1). */
  readonly weight?: number;
  /** Per-request timeout in ms, like `httpTimeout` (default 5000). */
  readonly timeoutMs?: number;
}

interface FilterReply {
  NodeNames?: string[] | null;
  FailedNodes?: Record<string, string> | null;
  FailedAndUnresolvableNodes?: Record<string, string> | null;
  Error?: string;
}

type CallResult<T> = { ok: true; body: T } | { ok: false; message: string };

export class KubeSchedulerClient {
  readonly baseUrl: string;
  private readonly options: KubeSchedulerClientOptions;

  constructor(options: KubeSchedulerClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  private async call<T>(verb: string, body: unknown): Promise<CallResult<T>> {
    try {
      const res = await fetch(`${this.baseUrl}/extender/${verb}`, {
        method: 'POST',
        headers: { ...this.options.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      const text = await res.text();
      // As kube-scheduler: any status but 200 is an error for that call.
      if (res.status !== 200) return { ok: false, message: `code ${res.status}: ${text.slice(0, 500)}` };
      return { ok: true, body: JSON.parse(text) as T };
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
  }

  /** One scheduling cycle of one pod: filter → (prioritize) → pick → bind. */
  async schedule(pod: Pod): Promise<PodOutcome> {
    const t0 = performance.now();
    const { uid, name } = pod.metadata;
    const namespace = pod.metadata.namespace ?? 'default';
    const base = { uid, namespace, name };
    const done = (o: Omit<PodOutcome, 'uid' | 'namespace' | 'name' | 'elapsedMs'>): PodOutcome => ({
      ...base,
      ...o,
      elapsedMs: performance.now() - t0,
    });
    const args = { Pod: pod, Nodes: null, NodeNames: this.options.nodeNames };
    const filter = await this.call<FilterReply>('filter', args);
    if (!filter.ok)
      return done({
        status: 'error',
        error: { verb: 'filter', message: filter.message },
        passed: [],
        failedCount: 0,
      });
    const f = filter.body;
    const failedCount =
      Object.keys(f.FailedNodes ?? {}).length + Object.keys(f.FailedAndUnresolvableNodes ?? {}).length;
    if (f.Error)
      return done({ status: 'error', error: { verb: 'filter', message: f.Error }, passed: [], failedCount });
    const passed = f.NodeNames ?? [];
    const input = new Set(this.options.nodeNames);
    const stranger = passed.find((n) => !input.has(n));
    if (stranger !== undefined) {
      const message = `extender claims a filtered node ${stranger} which is not found in the input node list`;
      return done({ status: 'error', error: { verb: 'filter', message }, passed, failedCount });
    }
    if (passed.length === 0) return done({ status: 'unschedulable', passed, failedCount });

    let host = passed[0];
    let prioritizeError: string | undefined;
    if (passed.length > 1 || this.options.prioritize === 'always') {
      const scores = await this.call<{ Host: string; Score: number }[]>('prioritize', {
        ...args,
        NodeNames: passed,
      });
      if (!scores.ok) {
        // As kube-scheduler: a prioritize error only drops this extender's scores, and the cycle goes on with the
        // others (none here: the first passing node). The error is kept in `prioritizeError`.
        prioritizeError = scores.message;
      } else {
        const weight = this.options.weight ?? 1;
        let best = -1;
        for (const h of scores.body) {
          const total = h.Score * weight * 10;
          if (passed.includes(h.Host) && total > best) {
            best = total;
            host = h.Host;
          }
        }
      }
    }
    const bind = await this.call<{ Error?: string }>('bind', {
      PodName: name,
      PodNamespace: namespace,
      PodUID: uid,
      Node: host,
    });
    if (!bind.ok)
      return done({
        status: 'error',
        node: host,
        error: { verb: 'bind', message: bind.message },
        passed,
        failedCount,
        prioritizeError,
      });
    if (bind.body.Error)
      return done({
        status: 'error',
        node: host,
        error: { verb: 'bind', message: bind.body.Error },
        passed,
        failedCount,
        prioritizeError,
      });
    return done({ status: 'bound', node: host, passed, failedCount, prioritizeError });
  }

  /** Schedules `pods` one after another (each cycle ends before the next starts). */
  async scheduleAll(
    pods: Iterable<Pod>,
    onOutcome?: (o: PodOutcome, i: number) => void,
  ): Promise<PodOutcome[]> {
    const outcomes: PodOutcome[] = [];
    for (const pod of pods) {
      const o = await this.schedule(pod);
      onOutcome?.(o, outcomes.length);
      outcomes.push(o);
    }
    return outcomes;
  }
}

/** A placement as `GET /v1/placements` lists it. */
export interface ServedPlacement {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly node: string;
  readonly devices: readonly number[];
  readonly milliPerDevice: number;
}

/** `GET {base}/v1/placements`: every placement in bind order and the GPU allocation in %. */
export async function fetchPlacements(
  baseUrl: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<{ placements: ServedPlacement[]; gpuAllocationPercent: number }> {
  const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/v1/placements`, { headers: { ...headers } });
  if (res.status !== 200) throw new Error(`GET /v1/placements: code ${res.status}: ${await res.text()}`);
  return (await res.json()) as { placements: ServedPlacement[]; gpuAllocationPercent: number };
}

/** CPU in canonical Kubernetes form: `12000m` → `"12"`, `2000000m` → `"2k"`, `500m` stays. */
export function cpuQuantity(milli: number): string {
  if (milli % 1000 !== 0) return `${milli}m`;
  const cores = milli / 1000;
  return cores !== 0 && cores % 1000 === 0 ? `${cores / 1000}k` : String(cores);
}

/** Memory in canonical Kubernetes form (binary SI): `16384Mi` → `"16Gi"`, `1000Mi` stays. */
export function memoryQuantity(mib: number): string {
  if (mib === 0) return '0';
  let value = mib;
  for (const suffix of ['Mi', 'Gi', 'Ti']) {
    if (value % 1024 !== 0 || suffix === 'Ti') return `${value}${suffix}`;
    value /= 1024;
  }
  return `${value}Ti`;
}

/**
 * A PodSpec as the v1.Pod kube-scheduler sends: CPU and memory as container requests and limits, whole devices as
 * `nvidia.com/gpu`, a share as the annotation `hyperfleet.io/gpu-milli` (with `nvidia.com/gpu` when more than one
 * device), device models as `hyperfleet.io/gpu-model`.
 */
export function wirePod(spec: PodSpec, uid: string, namespace = 'default', name = spec.name): Pod {
  const requests: Record<string, string> = {
    cpu: cpuQuantity(spec.cpuMilli),
    memory: memoryQuantity(spec.memMiB),
  };
  const annotations: Record<string, string> = {};
  const gpu = spec.gpuCount > 0 && spec.gpuMilli > 0;
  if (gpu && (spec.gpuMilli === 1000 || spec.gpuCount > 1))
    requests['nvidia.com/gpu'] = String(spec.gpuCount);
  if (gpu && spec.gpuMilli < 1000) annotations['hyperfleet.io/gpu-milli'] = String(spec.gpuMilli);
  if (gpu && spec.gpuTypes.length > 0) annotations['hyperfleet.io/gpu-model'] = spec.gpuTypes.join(',');
  return {
    metadata: { name, namespace, uid, annotations },
    spec: { containers: [{ name: 'main', resources: { requests, limits: { ...requests } } }] },
  };
}
