/**
 * A stand-in for kube-apiserver (none can run on the test machines: Debian ships only the client), as a real HTTP
 * server on loopback. It implements only what hyperfleet's client-node calls need, with Kubernetes-shaped JSON:
 *
 * - `GET /api/v1/nodes`, `GET /api/v1/pods` (lists with `metadata.resourceVersion`), and the same with
 *   `?watch=true&resourceVersion=N`: a chunked stream of newline-delimited watch events (`{"type":"ADDED",
 *   "object":{…}}`), replaying every event after N, then the live ones;
 * - `GET /api/v1/namespaces/{ns}/pods/{name}`;
 * - `PATCH /api/v1/namespaces/{ns}/pods/{name}` with `application/merge-patch+json` or
 *   `application/strategic-merge-patch+json` (applied as a JSON merge patch, which is what strategic merge does for
 *   the maps hyperfleet patches); `metadata.uid` and `metadata.resourceVersion` in the patch are preconditions,
 *   checked against the pod's (409 Conflict on a mismatch, as the real server answers an optimistic-concurrency
 *   write on a changed object);
 * - `POST /api/v1/namespaces/{ns}/pods/{name}/binding`: the v1.Binding sets `spec.nodeName` (404 for an unknown
 *   pod, 409 when the UID differs or the pod is already bound, as the real server answers); each one accepted is
 *   kept in {@link FakeApiServer.bindings};
 * - `POST /api/v1/namespaces/{ns}/pods/{name}/eviction` (a `policy/v1` Eviction): the pod is deleted (a DELETED
 *   watch event) and, when a controller owns it, recreated as the controller would — a new pending pod with a
 *   generated name (ReplicaSet, Job, …: the old name up to its last `-`, then a new 5-character suffix; a
 *   StatefulSet pod keeps its name), with a new UID and without `spec.nodeName` or the annotations a binder adds.
 *   Each eviction asked for is kept in {@link FakeApiServer.evictions}; {@link FakeApiServer.refuseEviction} makes
 *   the next one of a pod fail with 429, as a PodDisruptionBudget does.
 *
 * - `coordination.k8s.io/v1` Leases: list and watch a namespace's (`/apis/coordination.k8s.io/v1/namespaces/{ns}/
 *   leases`), GET and PUT one (409 on a stale resourceVersion); tests play kube-scheduler's leader election with
 *   {@link FakeApiServer.upsertLease}.
 * - `batch/v1` Jobs: `POST /apis/batch/v1/namespaces/{ns}/jobs` creates one (201 with the stored object; 409
 *   AlreadyExists when the namespace has a Job of that name; 400 when the body is not a batch/v1 Job of that
 *   namespace); each one created is kept in {@link FakeApiServer.jobs}, and tests add an existing one with
 *   {@link FakeApiServer.createJob}.
 *
 * Every change of a pod (by a test or a request) gives it a new `metadata.resourceVersion`, as the real server does.
 * {@link FakeApiServer.beforeNext} runs a test's change just before a given request is served (a race won by
 * another client between two requests of hyperfleet's).
 *
 * Errors are v1.Status objects. Every request needs the bearer token of the kubeconfig {@link writeKubeconfig}
 * writes (401 otherwise; plain HTTP, which client-node accepts only with insecure-skip-tls-verify). Tests drive the cluster with {@link FakeApiServer.upsertNode} and friends, which emit
 * watch events, and read what the client sent in {@link FakeApiServer.requests}.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; controller?: boolean }[];
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
};

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** An accepted Binding: the pod and the node it was bound to. */
export interface RecordedBinding {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string | undefined;
  readonly node: string;
}

/** An eviction asked for: the pod, what the server answered, and the pod its controller created instead. */
export interface RecordedEviction {
  readonly namespace: string;
  readonly name: string;
  readonly code: number;
  /** The replacement's name (evictions answered 201 of controller-owned pods). */
  readonly replacement?: string;
}

type Kind = 'nodes' | 'pods' | 'leases';
interface WatchEvent {
  readonly rv: number;
  readonly kind: Kind;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
}

const TOKEN = 'hyperfleet-test-token';

/** Annotations a binder writes on the pod it binds: a recreated pod has none of them (its template has none). */
const BIND_ANNOTATIONS = [
  'hyperfleet.io/gpu-devices',
  'hyperfleet.io/gpu-milli-per-device',
  'hyperfleet.io/gpu-profile',
];
const LEASE_PATH = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/([^/]+))?$/;
const JOBS_PATH = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs$/;
const EVICTION_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/eviction$/;
/** Kinds whose controller recreates a pod under its own name. */
const SAME_NAME_OWNERS = new Set(['StatefulSet']);
/** The characters Kubernetes draws generated name suffixes from (no vowels, no look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function statusBody(code: number, reason: string, message: string): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export class FakeApiServer {
  private readonly server: Server;
  private rv = 100;
  private uidSeq = 0;
  private readonly nodes = new Map<string, KubeObject>();
  private readonly pods = new Map<string, KubeObject>();
  /** `coordination.k8s.io/v1` Leases by `namespace/name`. */
  private readonly leases = new Map<string, KubeObject>();
  private readonly events: WatchEvent[] = [];
  private readonly watchers = new Set<{ kind: Kind; res: ServerResponse }>();
  private readonly failures: {
    method: string;
    path: RegExp;
    code: number;
    reason: string;
    message: string;
  }[] = [];
  private readonly hooks: { method: string; path: RegExp; action: () => void }[] = [];
  /** Every request the client made, in order (watch requests included). */
  readonly requests: RecordedRequest[] = [];
  /** Every Binding accepted, in order. */
  readonly bindings: RecordedBinding[] = [];
  /** Every eviction asked for (refused ones included), in order. */
  readonly evictions: RecordedEviction[] = [];
  /** `batch/v1` Jobs by `namespace/name`, in the order they were created. */
  readonly jobs = new Map<string, KubeObject>();
  private suffixSeq = 0;
  url = '';

  private constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  static async start(): Promise<FakeApiServer> {
    const s = new FakeApiServer();
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  async close(): Promise<void> {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Watch streams open now, by kind. */
  openWatches(kind?: Kind): number {
    return [...this.watchers].filter((w) => kind === undefined || w.kind === kind).length;
  }

  /** Ends every open watch stream (as the API server does on its watch timeout): clients must re-watch. */
  dropWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  /** The next `method` request whose path matches fails with `code` (a v1.Status with `message`). */
  failNext(method: string, path: RegExp, code: number, reason: string, message: string): void {
    this.failures.push({ method, path, code, reason, message });
  }

  /**
   * `action` runs once, just before the next `method` request whose path matches is served: what another client
   * did in between hyperfleet's requests (e.g. bound the pod after the binder read it and before it patched it).
   */
  beforeNext(method: string, path: RegExp, action: () => void): void {
    this.hooks.push({ method, path, action });
  }

  /** The next eviction of `namespace/name` is refused with 429, as the API server does when a PDB forbids it. */
  refuseEviction(namespace: string, name: string): void {
    this.failNext(
      'POST',
      new RegExp(`^/api/v1/namespaces/${namespace}/pods/${name}/eviction$`),
      429,
      'TooManyRequests',
      "Cannot evict pod as it would violate the pod's disruption budget.",
    );
  }

  // ---- the cluster, driven by tests (each change is a watch event) ----

  upsertNode(node: KubeObject): KubeObject {
    const known = this.nodes.get(node.metadata.name);
    const obj = this.stamp({ apiVersion: 'v1', kind: 'Node', ...node });
    this.nodes.set(obj.metadata.name, obj);
    this.emit('nodes', known ? 'MODIFIED' : 'ADDED', obj);
    return obj;
  }

  deleteNode(name: string): void {
    const obj = this.nodes.get(name);
    if (!obj) throw new Error(`no node ${name}`);
    this.nodes.delete(name);
    this.emit('nodes', 'DELETED', this.stamp(obj));
  }

  upsertPod(pod: KubeObject): KubeObject {
    const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
    const known = this.pods.get(key);
    const obj = this.stamp({
      apiVersion: 'v1',
      kind: 'Pod',
      ...pod,
      metadata: {
        namespace: 'default',
        uid: known?.metadata.uid ?? `uid-${++this.uidSeq}`,
        ...pod.metadata,
      },
    });
    this.pods.set(key, obj);
    this.emit('pods', known ? 'MODIFIED' : 'ADDED', obj);
    return obj;
  }

  /** Creates or replaces a Lease, as kube-scheduler's leader election does (an ADDED or MODIFIED event). */
  upsertLease(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
    const key = `${namespace}/${name}`;
    const known = this.leases.get(key);
    const obj = this.stamp({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace, uid: known?.metadata.uid ?? `uid-${++this.uidSeq}` },
      spec,
    });
    this.leases.set(key, obj);
    this.emit('leases', known ? 'MODIFIED' : 'ADDED', obj);
    return obj;
  }

  /** Stores a Job as the API server does on create (a UID and resourceVersion, no status yet); returns it. */
  createJob(job: KubeObject): KubeObject {
    const namespace = job.metadata.namespace ?? 'default';
    const obj = this.stamp({
      ...job,
      metadata: { ...job.metadata, namespace, uid: `uid-${++this.uidSeq}` },
    });
    this.jobs.set(`${namespace}/${obj.metadata.name}`, obj);
    return obj;
  }

  lease(namespace: string, name: string): KubeObject | undefined {
    return this.leases.get(`${namespace}/${name}`);
  }

  pod(namespace: string, name: string): KubeObject | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  /** Binds a pod as the default scheduler would (a MODIFIED event with spec.nodeName). */
  bindPod(namespace: string, name: string, node: string): KubeObject {
    const pod = this.mustPod(namespace, name);
    return this.upsertPod({ ...pod, spec: { ...pod.spec, nodeName: node }, status: { phase: 'Running' } });
  }

  setPodPhase(namespace: string, name: string, phase: string): KubeObject {
    const pod = this.mustPod(namespace, name);
    return this.upsertPod({ ...pod, status: { ...pod.status, phase } });
  }

  deletePod(namespace: string, name: string): void {
    const pod = this.mustPod(namespace, name);
    this.pods.delete(`${namespace}/${name}`);
    this.emit('pods', 'DELETED', this.stamp(pod));
  }

  private mustPod(namespace: string, name: string): KubeObject {
    const pod = this.pods.get(`${namespace}/${name}`);
    if (!pod) throw new Error(`no pod ${namespace}/${name}`);
    return pod;
  }

  private stamp(obj: KubeObject): KubeObject {
    return structuredClone({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } });
  }

  private emit(kind: Kind, type: WatchEvent['type'], object: KubeObject): void {
    const event: WatchEvent = { rv: Number(object.metadata.resourceVersion), kind, type, object };
    this.events.push(event);
    for (const w of this.watchers) if (w.kind === kind) w.res.write(`${JSON.stringify({ type, object })}\n`);
  }

  // ---- HTTP ----

  private send(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private fail(res: ServerResponse, code: number, reason: string, message: string): void {
    this.send(res, code, statusBody(code, reason, message));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        this.requests.push({
          method: req.method ?? '',
          path: url.pathname,
          query: {},
          contentType: '',
          body: text,
        });
        return this.fail(res, 400, 'BadRequest', 'request body is not JSON');
      }
    }
    const method = req.method ?? 'GET';
    const contentType = req.headers['content-type']?.split(';')[0];
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType,
      body,
    });

    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return this.fail(res, 401, 'Unauthorized', 'Unauthorized');
    }
    const hook = this.hooks.findIndex((h) => h.method === method && h.path.test(url.pathname));
    if (hook >= 0) this.hooks.splice(hook, 1)[0].action();
    const injected = this.failures.findIndex((f) => f.method === method && f.path.test(url.pathname));
    if (injected >= 0) {
      const [f] = this.failures.splice(injected, 1);
      const evicted = EVICTION_PATH.exec(url.pathname);
      if (evicted && method === 'POST') {
        this.evictions.push({ namespace: evicted[1], name: evicted[2], code: f.code });
      }
      return this.fail(res, f.code, f.reason, f.message);
    }

    const list = /^\/api\/v1\/(nodes|pods)$/.exec(url.pathname);
    if (list && method === 'GET') {
      const kind = list[1] as Kind;
      if (url.searchParams.get('watch') === 'true') return this.watch(kind, url, res);
      const items = [...(kind === 'nodes' ? this.nodes : this.pods).values()];
      return this.send(res, 200, {
        kind: kind === 'nodes' ? 'NodeList' : 'PodList',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(this.rv) },
        items,
      });
    }
    const leases = LEASE_PATH.exec(url.pathname);
    if (leases) return this.leaseRequest(res, url, method, leases[1], leases[2], body);
    const jobs = JOBS_PATH.exec(url.pathname);
    if (jobs && method === 'POST') return this.postJob(res, jobs[1], body);
    const eviction = EVICTION_PATH.exec(url.pathname);
    if (eviction && method === 'POST') return this.evict(res, eviction[1], eviction[2], body);
    const pod = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)(\/binding)?$/.exec(url.pathname);
    if (pod) {
      const [, ns, name, binding] = pod;
      const obj = this.pods.get(`${ns}/${name}`);
      if (binding && method === 'POST') return this.bind(res, ns, name, obj, body);
      if (!binding && method === 'GET') {
        return obj ? this.send(res, 200, obj) : this.fail(res, 404, 'NotFound', `pods "${name}" not found`);
      }
      if (!binding && method === 'PATCH') return this.patch(res, name, obj, contentType, body);
    }
    return this.fail(
      res,
      404,
      'NotFound',
      `the server could not find the requested resource (${method} ${url.pathname})`,
    );
  }

  /** Leases: list and watch a namespace's, GET one, PUT one (create or replace; 409 on a stale resourceVersion). */
  private leaseRequest(
    res: ServerResponse,
    url: URL,
    method: string,
    ns: string,
    name: string | undefined,
    body: unknown,
  ): void {
    if (name === undefined && method === 'GET') {
      if (url.searchParams.get('watch') === 'true') return this.watch('leases', url, res);
      const items = [...this.leases.values()].filter((l) => l.metadata.namespace === ns);
      return this.send(res, 200, {
        kind: 'LeaseList',
        apiVersion: 'coordination.k8s.io/v1',
        metadata: { resourceVersion: String(this.rv) },
        items,
      });
    }
    const known = name === undefined ? undefined : this.leases.get(`${ns}/${name}`);
    if (name !== undefined && method === 'GET') {
      return known
        ? this.send(res, 200, known)
        : this.fail(res, 404, 'NotFound', `leases "${name}" not found`);
    }
    if (name !== undefined && method === 'PUT') {
      const lease = body as KubeObject;
      const rv = lease?.metadata?.resourceVersion;
      if (known && rv !== undefined && rv !== known.metadata.resourceVersion) {
        return this.fail(
          res,
          409,
          'Conflict',
          `Operation cannot be fulfilled on leases "${name}": the object has been modified`,
        );
      }
      return this.send(res, 200, this.upsertLease(ns, name, (lease?.spec ?? {}) as Record<string, unknown>));
    }
    return this.fail(res, 405, 'MethodNotAllowed', `${method} is not supported on leases here`);
  }

  /** Creates a Job, with the checks of the real server that a client can trip over. */
  private postJob(res: ServerResponse, ns: string, body: unknown): void {
    const job = body as Partial<KubeObject> | undefined;
    const name = job?.metadata?.name;
    if (job?.apiVersion !== 'batch/v1' || job.kind !== 'Job' || typeof name !== 'string' || name === '') {
      return this.fail(res, 400, 'BadRequest', 'expected a batch/v1 Job with metadata.name');
    }
    if (job.metadata?.namespace !== undefined && job.metadata.namespace !== ns) {
      return this.fail(
        res,
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    if (this.jobs.has(`${ns}/${name}`)) {
      return this.fail(res, 409, 'AlreadyExists', `jobs.batch "${name}" already exists`);
    }
    this.send(
      res,
      201,
      this.createJob({ ...(job as KubeObject), metadata: { ...job.metadata, name, namespace: ns } }),
    );
  }

  private watch(kind: Kind, url: URL, res: ServerResponse): void {
    const from = Number(url.searchParams.get('resourceVersion') ?? '0');
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    for (const e of this.events) {
      if (e.kind === kind && e.rv > from)
        res.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`);
    }
    const watcher = { kind, res };
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
  }

  private bind(
    res: ServerResponse,
    ns: string,
    name: string,
    pod: KubeObject | undefined,
    body: unknown,
  ): void {
    const b = body as {
      kind?: string;
      metadata?: { name?: string; uid?: string };
      target?: { kind?: string; name?: string };
    };
    if (!pod) return this.fail(res, 404, 'NotFound', `pods "${name}" not found`);
    if (b?.kind !== 'Binding' || b.target?.kind !== 'Node' || !b.target.name || b.metadata?.name !== name) {
      return this.fail(res, 400, 'BadRequest', 'expected a v1.Binding of this pod with target.kind Node');
    }
    if (b.metadata.uid !== undefined && b.metadata.uid !== pod.metadata.uid) {
      return this.fail(
        res,
        409,
        'Conflict',
        `Operation cannot be fulfilled on pods/binding "${name}": Precondition failed: UID in precondition: ${b.metadata.uid}, UID in object meta: ${pod.metadata.uid}`,
      );
    }
    const bound = pod.spec?.nodeName as string | undefined;
    if (bound) {
      return this.fail(
        res,
        409,
        'Conflict',
        `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${bound}"`,
      );
    }
    this.upsertPod({
      ...pod,
      metadata: { ...pod.metadata, namespace: ns },
      spec: { ...pod.spec, nodeName: b.target.name },
    });
    this.bindings.push({ namespace: ns, name, uid: b.metadata.uid, node: b.target.name });
    this.send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  }

  /** A `policy/v1` Eviction: the pod goes at once (no grace period here), and its controller recreates it. */
  private evict(res: ServerResponse, ns: string, name: string, body: unknown): void {
    const e = body as {
      apiVersion?: string;
      kind?: string;
      metadata?: { name?: string; namespace?: string };
    };
    const pod = this.pods.get(`${ns}/${name}`);
    if (!pod) {
      this.evictions.push({ namespace: ns, name, code: 404 });
      return this.fail(res, 404, 'NotFound', `pods "${name}" not found`);
    }
    if (e?.kind !== 'Eviction' || e.apiVersion !== 'policy/v1' || e.metadata?.name !== name) {
      this.evictions.push({ namespace: ns, name, code: 400 });
      return this.fail(res, 400, 'BadRequest', 'expected a policy/v1 Eviction of this pod');
    }
    this.deletePod(ns, name);
    const replacement = this.recreate(pod);
    this.evictions.push({ namespace: ns, name, code: 201, ...(replacement ? { replacement } : {}) });
    this.send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  }

  /** What the pod's controller does when it is gone: a new pending pod from the same template; its name. */
  private recreate(pod: KubeObject): string | undefined {
    const refs = pod.metadata.ownerReferences ?? [];
    const owner = (refs.find((r) => r.controller === true) ?? refs[0])?.kind;
    if (owner === undefined) return undefined; // a bare pod: nobody recreates it
    const cut = pod.metadata.name.lastIndexOf('-');
    const name =
      SAME_NAME_OWNERS.has(owner) || cut <= 0
        ? pod.metadata.name
        : `${pod.metadata.name.slice(0, cut + 1)}${this.nextSuffix()}`;
    const annotations = Object.fromEntries(
      Object.entries(pod.metadata.annotations ?? {}).filter(([k]) => !BIND_ANNOTATIONS.includes(k)),
    );
    const { nodeName: _bound, ...spec } = pod.spec ?? {};
    const { uid: _uid, resourceVersion: _rv, ...metadata } = pod.metadata;
    this.upsertPod({
      ...pod,
      metadata: { ...metadata, name, annotations },
      spec,
      status: { phase: 'Pending' },
    });
    return name;
  }

  /** A generated-name suffix: deterministic (a counter in Kubernetes' alphabet), five characters. */
  private nextSuffix(): string {
    let n = ++this.suffixSeq * 7919; // spread consecutive counters over the alphabet
    let out = '';
    for (let i = 0; i < 5; i++) {
      out += SUFFIX_ALPHABET[n % SUFFIX_ALPHABET.length];
      n = Math.floor(n / SUFFIX_ALPHABET.length);
    }
    return out;
  }

  private patch(
    res: ServerResponse,
    name: string,
    pod: KubeObject | undefined,
    contentType: string | undefined,
    body: unknown,
  ): void {
    if (
      contentType !== 'application/merge-patch+json' &&
      contentType !== 'application/strategic-merge-patch+json'
    ) {
      return this.fail(
        res,
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`,
      );
    }
    if (!pod) return this.fail(res, 404, 'NotFound', `pods "${name}" not found`);
    const preconditions = (body as { metadata?: { uid?: string; resourceVersion?: string } } | null)
      ?.metadata;
    // The real API server's two preconditions of a patch, each refused with its own wording.
    const uid = preconditions?.uid;
    const rv = preconditions?.resourceVersion;
    const refusal =
      uid !== undefined && uid !== pod.metadata.uid
        ? `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`
        : rv !== undefined && rv !== pod.metadata.resourceVersion
          ? 'the object has been modified; please apply your changes to the latest version and try again'
          : undefined;
    if (refusal !== undefined) {
      return this.fail(res, 409, 'Conflict', `Operation cannot be fulfilled on pods "${name}": ${refusal}`);
    }
    const next = this.upsertPod(mergePatch(pod, body) as KubeObject);
    this.send(res, 200, next);
  }
}

/** Writes a kubeconfig for the fake server (token auth, plain HTTP) into `dir`; returns its path. */
/** A v1.Node with 96 CPUs, 384 GiB and the given device resources and labels (allocatable = capacity). */
export function kubeNode(
  name: string,
  devices: Record<string, string>,
  labels: Record<string, string> = {},
): KubeObject {
  const allocatable = { cpu: '96', memory: '384Gi', pods: '110', ...devices };
  return { metadata: { name, labels }, status: { allocatable, capacity: allocatable } };
}

export function writeKubeconfig(dir: string, server: string, token = TOKEN): string {
  const path = join(dir, 'kubeconfig.yaml');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: fake`,
      `  cluster: { server: "${server}", insecure-skip-tls-verify: true }`,
      'users:',
      `- name: tester`,
      `  user: { token: "${token}" }`,
      'contexts:',
      '- name: fake',
      '  context: { cluster: fake, user: tester }',
      'current-context: fake',
      '',
    ].join('\n'),
  );
  return path;
}
