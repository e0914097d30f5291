/**
 * @module cli/commands/serve-service
 * Builds the service `hyperfleet serve` runs: the nodes and typical pods it starts from, the SQLite store, the
 * policy (asked for, else the one stored, else FGD when typical pods are known, else BestFit), the Fastify app,
 * and — with a kubeconfig — the cluster sync, reconciled before the service listens.
 *
 * The HTTP and Kubernetes stacks are imported here when needed, not at the top: every other command is
 * registered from the same module and needs neither.
 */
import { extname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, InputError } from '../../errors/index.js';
import type { NodeSpec } from '../../model/index.js';
import { createPolicy, typicalPods, type Policy, type TypicalPods } from '../../policies/index.js';
import type { DeviceProtocol, PostgresStore, ResourceModels, Store } from '../../schedule/index.js';
import { electLeader, openStore } from './serve-leadership.js';
import { findOpenbFile, loadOpenbNodes, loadOpenbPods } from '../../traces/index.js';
import { openQueuePool } from '../queue-options.js';
import type { ServeOptions, ServeSettings } from './serve-options.js';

export const DEFAULT_TYPICAL_FILE = 'openb_pod_list_default.csv';

/** A built service, not yet listening. */
export interface Service {
  app: FastifyInstance;
  /** The policy's name as it runs. */
  policy: string;
  /** Resolves with the reason when the service must end (a lost PostgreSQL connection); never otherwise. */
  fatal: Promise<string>;
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

/** The policy to run, which the store keeps for the next start; closes the store when it cannot run. */
function choosePolicy(store: Store, requested: string | undefined, typical: TypicalPods | undefined): Policy {
  const stored = store.getSetting('policy');
  const name: string = requested ?? stored ?? (typical ? 'fgd' : 'bestfit');
  if (requested === undefined && stored === undefined && !typical) {
    process.stderr.write(
      `hyperfleet: no typical pods for FGD (no --pods and no ${DEFAULT_TYPICAL_FILE} found; ` +
        "run 'hyperfleet traces fetch openb'): using bestfit\n",
    );
  }
  if (name.startsWith('fgd') && !typical) {
    store.close();
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--policy',
      message: `${name} needs the typical pods of the workload: give --pods FILE (an openb pod list) or fetch the openb traces`,
      expected: 'a policy without a target workload (bestfit, packing, clustering, dotprod, random)',
      got: name,
    });
  }
  const policy = createPolicy(name, { typical });
  store.setSetting('policy', policy.name);
  return policy;
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
  // A shared database is written by the leader only: a replica starts as a follower.
  if (settings.database.kind === 'postgres') (store as PostgresStore).readOnly = true;
  const policy = choosePolicy(store, settings.policy, typical);
  const resourceModels = await loadResourceModels(opts.resourceMap);
  const protocol = settings.deviceProtocol === 'hami' ? new HamiProtocol(resourceModels) : undefined;
  const kube = opts.kubeconfig === undefined ? undefined : await connectKube(opts.kubeconfig, protocol);
  let fail: (why: string) => void = () => undefined;
  const fatal = new Promise<string>((resolve) => (fail = resolve));
  let resync: (() => Promise<void>) | undefined;
  const elected = await electLeader(election, store, opts.kubeconfig, {
    rebuild: async (leader) => {
      await (store as Partial<PostgresStore>).refresh?.();
      // The policy asked for wins, as at a restart; else the one the last leader set.
      const name = settings.policy ?? store.getSetting('policy');
      app.live.reload(name === undefined || name === policy.name ? policy : createPolicy(name, { typical }));
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
