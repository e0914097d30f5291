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
import type { ResourceModels, Store } from '../../schedule/index.js';
import { findOpenbFile, loadOpenbNodes, loadOpenbPods } from '../../traces/index.js';
import type { ServeOptions, ServeSettings } from './serve-options.js';

export const DEFAULT_TYPICAL_FILE = 'openb_pod_list_default.csv';

/** A built service, not yet listening. */
export interface Service {
  app: FastifyInstance;
  /** The policy's name as it runs. */
  policy: string;
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

async function openStore(file: string, durability: ServeSettings['durability']): Promise<Store> {
  const { SqliteStore } = await import('../../schedule/index.js');
  try {
    return new SqliteStore(file, durability);
  } catch (e) {
    throw new InputError(ErrorCode.InvalidOption, {
      file,
      field: '--db',
      message: `cannot open the database: ${(e as Error).message}`,
    });
  }
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
async function connectKube(path: string) {
  const { loadKubeConfig, KubeBinder, KubeEvictor, startKubeSync } = await import('../../schedule/index.js');
  const config = loadKubeConfig(path === 'in-cluster' ? undefined : path);
  return { config, binder: new KubeBinder(config), evictor: new KubeEvictor(config), startKubeSync };
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
): Promise<void> {
  app.live.beginReconcile();
  const sync = await kube.startKubeSync(kube.config, app.live, { resourceModels, onIssue: warn });
  try {
    await sync.synced;
  } catch (e) {
    await sync.stop();
    await app.close();
    throw new InputError(ErrorCode.InvalidOption, { field: '--kubeconfig', message: (e as Error).message });
  }
  const released = app.live.endReconcile();
  process.stdout.write(
    `hyperfleet serve: in step with ${kube.config.getCurrentCluster()?.server ?? 'the cluster'}: ` +
      `${sync.counts().nodes} nodes, ${sync.counts().pods} pods; ${released} ended pods released\n`,
  );
  app.addHook('onClose', async () => sync.stop());
}

/** Builds the service from checked options, restoring the stored state; warns of what could not be restored. */
export async function buildService(opts: ServeOptions, settings: ServeSettings): Promise<Service> {
  const nodes = opts.nodes === undefined ? [] : await loadNodes(opts.nodes);
  const typical = await loadTypical(opts.pods);
  const [{ buildApp }, { loadResourceModels, confirmationWarning }] = await Promise.all([
    import('../../server/index.js'),
    import('../../schedule/index.js'),
  ]);
  const store = await openStore(opts.db, settings.durability);
  const policy = choosePolicy(store, settings.policy, typical);
  const resourceModels = await loadResourceModels(opts.resourceMap);
  const kube = opts.kubeconfig === undefined ? undefined : await connectKube(opts.kubeconfig);
  const app = buildApp({
    store,
    nodes,
    policy,
    typical,
    token: settings.token,
    tls: settings.tls,
    resourceModels,
    binder: kube?.binder,
    evictor: kube?.evictor,
    reservationTtlMs: settings.reservationTtlMs,
    confirm: settings.confirm,
    warn,
    defragStepTimeoutMs: settings.defragStepTimeoutMs,
  });
  const unconfirmed = confirmationWarning(settings.confirm, kube !== undefined);
  if (unconfirmed) warn(unconfirmed);
  for (const issue of app.live.restoreIssues) warn(issue);
  if (kube) await syncWithCluster(app, kube, resourceModels);
  return { app, policy: policy.name };
}
