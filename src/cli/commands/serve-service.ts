/**
 * @module cli/commands/serve-service
 * Builds the service `hyperfleet serve` runs: the nodes and typical pods it starts from, the store, the
 * leadership among replicas, the policy (cli/commands/serve-policy), the Fastify app, and — with a kubeconfig —
 * the cluster sync, reconciled before the service listens.
 *
 * The HTTP and Kubernetes stacks are imported here when needed, not at the top: every other command is
 * registered from the same module and needs neither.
 */
import { extname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, InputError, isInputError } from '../../errors/index.js';
import type { NodeSpec } from '../../model/index.js';
import { typicalPods, type Policy, type TypicalPods } from '../../policies/index.js';
import type { DeviceProtocol, PostgresStore, ResourceModels, Store } from '../../schedule/index.js';
import { electLeader, openStore } from './serve-leadership.js';
import { DEFAULT_TYPICAL_FILE, resolvePolicy } from './serve-policy.js';
import { findOpenbFile, loadOpenbNodes, loadOpenbPods } from '../../traces/index.js';
import { openQueuePool } from '../queue-options.js';
import type { ServeOptions, ServeSettings } from './serve-options.js';

/** A built service, not yet listening. */
export interface Service {
  app: FastifyInstance;
  /** The policy's name as it runs. */
  policy: string;
  /**
   * Resolves with the reason when the service must end: a lost PostgreSQL connection, or an input error found
   * while rebuilding (a policy this replica cannot run, set meanwhile by another leader); never otherwise.
   */
  fatal: Promise<string | InputError>;
  /** Runs the first election (after the server listens; a no-op for a single replica). */
  elect: () => Promise<void>;
}

export async function loadTypical(podFile: string | undefined): Promise<TypicalPods | undefined> {
  const file = podFile ?? findOpenbFile(DEFAULT_TYPICAL_FILE);
  return file === undefined ? undefined : typicalPods((await loadOpenbPods(file)).pods);
}

/** Nodes from an openb CSV or a fleet file (with their pools), by extension. */
export async function loadNodes(file: string): Promise<NodeSpec[]> {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') {
    const [{ loadCatalog }, { loadFleetFile, expandFleet }] = await Promise.all([
      import('../../catalog/index.js'),
      import('../../fleet/index.js'),
    ]);
    const { nodes, pools, nodePool } = expandFleet(await loadFleetFile(file, loadCatalog()));
    // Each node carries its pool's name, for the views (filters, the occupancy map).
    return nodes.map((n, i) => ({ ...n, pool: pools[nodePool[i]].name }));
  }
  return loadOpenbNodes(file);
}

/** The policy a replica starts with, which the store keeps for the next start; closes the store when it cannot run. */
function startingPolicy(
  store: Store,
  requested: string | undefined,
  typical: TypicalPods | undefined,
): Policy {
  try {
    const { policy, fallback } = resolvePolicy(requested, store.getSetting('policy'), typical);
    if (fallback) process.stderr.write(`hyperfleet: ${fallback}\n`);
    store.setSetting('policy', policy.name);
    return policy;
  } catch (e) {
    store.close();
    throw e;
  }
}

/** The Kubernetes connection: kubeconfig, binder and the sync's starter (loaded only when asked for). */
async function connectKube(path: string, protocol: DeviceProtocol | undefined) {
  const { loadKubeConfig, KubeBinder, KubeEvictor, startKubeSync } = await import('../../schedule/index.js');
  const config = loadKubeConfig(path === 'in-cluster' ? undefined : path);
  return {
    config,
    binder: new KubeBinder(config, protocol),
    evictor: new KubeEvictor(config),
    startKubeSync,
  };
}

const warn = (message: string): boolean => process.stderr.write(`hyperfleet serve: warning: ${message}\n`);

/**
 * Reconciles the service with the cluster before it serves: the API server's nodes and bound pods, and the
 * placements of pods that ended meanwhile. The sync stops when the app closes.
 */
async function syncWithCluster(
  app: FastifyInstance,
  kube: Awaited<ReturnType<typeof connectKube>>,
  resourceModels: ResourceModels,
  protocol: DeviceProtocol | undefined,
): Promise<() => Promise<void>> {
  let sync: Awaited<ReturnType<typeof kube.startKubeSync>> | undefined;
  const start = async (): Promise<void> => {
    await sync?.stop();
    app.live.beginReconcile();
    sync = await kube.startKubeSync(kube.config, app.live, {
      resourceModels,
      protocol,
      onIssue: warn,
    });
    await sync.synced;
    const released = app.live.endReconcile();
    process.stdout.write(
      `hyperfleet serve: in step with ${kube.config.getCurrentCluster()?.server ?? 'the cluster'}: ` +
        `${sync.counts().nodes} nodes, ${sync.counts().pods} pods; ${released} ended pods released\n`,
    );
  };
  try {
    await start();
  } catch (e) {
    await sync?.stop();
    await app.close();
    throw new InputError(ErrorCode.InvalidOption, { field: '--kubeconfig', message: (e as Error).message });
  }
  app.addHook('onClose', async () => sync?.stop());
  // A new leader lists the cluster again: the pods' device annotations are the durable truth.
  return start;
}

/** Builds the service from checked options, restoring the stored state; warns of what could not be restored. */
export async function buildService(opts: ServeOptions, settings: ServeSettings): Promise<Service> {
  const nodes = opts.nodes === undefined ? [] : await loadNodes(opts.nodes);
  const typical = await loadTypical(opts.pods);
  const [{ buildApp }, { loadResourceModels, confirmationWarning, HamiProtocol }] = await Promise.all([
    import('../../server/index.js'),
    import('../../schedule/index.js'),
  ]);
  const { election } = settings;
  const periodMs = election.kind === 'postgres-advisory-lock' ? election.periodMs : undefined;
  const store = await openStore(settings.database, settings.durability, periodMs);
  let fail: (why: string | InputError) => void = () => undefined;
  const fatal = new Promise<string | InputError>((resolve) => (fail = resolve));
  let resync: (() => Promise<void>) | undefined;
  /** The policy after a rebuild: resolved as at the start, and refused the same way (the service ends). */
  const rebuiltPolicy = (): Policy => {
    try {
      // The policy asked for wins, as at a restart; else the one the last leader set.
      return resolvePolicy(settings.policy, store.getSetting('policy'), typical, policy).policy;
    } catch (e) {
      if (isInputError(e)) fail(e);
      throw e;
    }
  };
  // Built before anything is written: a shared store is read-only from here until this replica leads.
  const elected = await electLeader(election, store, opts.kubeconfig, {
    rebuild: async (leader) => {
      await (store as Partial<PostgresStore>).refresh?.();
      app.live.reload(rebuiltPolicy());
      if (leader) {
        if (nodes.length > 0) app.live.upsertNodes(nodes);
        store.setSetting('policy', app.live.policy.name);
        await resync?.();
      }
    },
    log: (message) => process.stdout.write(`hyperfleet serve: ${message}\n`),
    fatal: (message) => {
      process.stderr.write(`hyperfleet serve: ${message}\n`);
      fail(message);
    },
  });
  const policy = startingPolicy(store, settings.policy, typical);
  const resourceModels = await loadResourceModels(opts.resourceMap);
  const protocol = settings.deviceProtocol === 'hami' ? new HamiProtocol(resourceModels) : undefined;
  const kube = opts.kubeconfig === undefined ? undefined : await connectKube(opts.kubeconfig, protocol);
  const taskPool = await openQueuePool(opts, warn);
  const app = buildApp({
    leadership: elected?.leadership,
    onStoreFailure: (e) => elected?.leadership.lose(`a change was not committed (${e.message})`),
    store,
    nodes,
    policy,
    typical,
    token: settings.token,
    tls: settings.tls,
    resourceModels,
    protocol,
    binder: kube?.binder,
    evictor: kube?.evictor,
    reservationTtlMs: settings.reservationTtlMs,
    confirm: settings.confirm,
    warn,
    defragStepTimeoutMs: settings.defragStepTimeoutMs,
    taskPool,
  });
  const unconfirmed = confirmationWarning(settings.confirm, kube !== undefined);
  if (unconfirmed) warn(unconfirmed);
  if (protocol && (kube === undefined || settings.confirm !== 'bind')) {
    // HAMi's device plugins act on the pod's annotations, which only a bind through the API server writes.
    warn(
      'HAMi mode writes the annotations HAMi device plugins read when it binds a pod through the API server: ' +
        'give --kubeconfig and --confirm bind, and register bindVerb in kube-scheduler, or no plugin enforces the devices chosen',
    );
  }
  for (const issue of app.live.restoreIssues) warn(issue);
  if (kube) resync = await syncWithCluster(app, kube, resourceModels, protocol);
  if (elected) app.addHook('onClose', async () => elected.leadership.stop());
  return { app, policy: policy.name, fatal, elect: elected?.start ?? (async () => undefined) };
}
