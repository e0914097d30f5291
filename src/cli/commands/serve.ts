/**
 * @module cli/commands/serve
 * `hyperfleet serve`: the live scheduler-extender service with its REST API, state kept in SQLite.
 *
 * Security: on loopback the service may run open (kube-scheduler on the same host). On any other address it
 * needs both a bearer token (for changes under /v1) and TLS with a client CA (kube-scheduler cannot send a bearer
 * token to an extender, so /extender/* accepts only clients whose certificate the CA signed); without them it
 * refuses to start.
 *
 * FGD needs the typical pods of the workload it optimises for. They come from `--pods FILE` (an openb pod
 * list), else from the openb default trace when it is found (download cache or shared copy). Without either,
 * `--policy fgd` is refused with a message, and the default policy falls back from fgd to bestfit.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { ErrorCode, InputError } from '../../errors/index.js';
import type { NodeSpec } from '../../model/index.js';
import { createPolicy, typicalPods, type TypicalPods } from '../../policies/index.js';
import { findOpenbFile, loadOpenbNodes, loadOpenbPods } from '../../traces/index.js';
import { parseAnyPolicy, parseInteger } from '../options.js';

interface ServeOptions {
  port: string;
  host: string;
  policy?: string;
  nodes?: string;
  pods?: string;
  db: string;
  durability: string;
  token?: string;
  tokenFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  clientCa?: string;
  reservationTtl: string;
  kubeconfig?: string;
  resourceMap?: string;
}

const DEFAULT_TYPICAL_FILE = 'openb_pod_list_default.csv';

/** Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'serve the placement policies to kube-scheduler as a scheduler extender, with a REST API and /metrics',
    )
    .option(
      '--nodes <file>',
      'nodes to register at start: an openb node list (.csv) or a fleet file (.yaml/.json); added to those in --db',
    )
    .option('--port <n>', 'TCP port (0: any free port)', '8080')
    .option(
      '--host <addr>',
      'address to listen on; beyond loopback, --token and TLS with --client-ca are required',
      '127.0.0.1',
    )
    .option(
      '--policy <name>',
      'placement policy (default: the one last set, else fgd when typical pods are known, else bestfit)',
    )
    .option(
      '--pods <file>',
      `openb pod list whose typical pods FGD targets (default: ${DEFAULT_TYPICAL_FILE})`,
    )
    .option(
      '--db <file>',
      'SQLite database of nodes and placements (":memory:" keeps nothing)',
      './hyperfleet.db',
    )
    .option(
      '--durability <mode>',
      'full: every bind survives power loss; normal: survives a crashed process',
      'full',
    )
    .option('--token <token>', 'bearer token required for changes under /v1 (or HYPERFLEET_TOKEN)')
    .option('--token-file <file>', 'read the bearer token from a file')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'private key of --tls-cert (PEM)')
    .option(
      '--client-ca <file>',
      "CA (PEM) that signed kube-scheduler's client certificate; /extender/* then requires one",
    )
    .option(
      '--kubeconfig <file>',
      'follow the nodes and pods of a Kubernetes cluster (watches) and create Bindings there; "in-cluster" inside a pod',
    )
    .option(
      '--resource-map <file>',
      'YAML/JSON map of extended resource names and node labels to device models (overrides the built-in one)',
    )
    .option(
      '--reservation-ttl <seconds>',
      'how long a filter decision holds its devices without a bind',
      '30',
    )
    .action(async (opts: ServeOptions) => {
      await serve(opts);
    });
}

async function loadTypical(podFile: string | undefined): Promise<TypicalPods | undefined> {
  const file = podFile ?? findOpenbFile(DEFAULT_TYPICAL_FILE);
  return file === undefined ? undefined : typicalPods((await loadOpenbPods(file)).pods);
}

/** Nodes from an openb CSV or a fleet file, by extension. */
async function loadNodes(file: string): Promise<NodeSpec[]> {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') {
    const [{ loadCatalog }, { loadFleetFile, expandFleet }] = await Promise.all([
      import('../../catalog/index.js'),
      import('../../fleet/index.js'),
    ]);
    return expandFleet(await loadFleetFile(file, loadCatalog())).nodes;
  }
  return loadOpenbNodes(file);
}

function readOptionFile(field: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(ErrorCode.FileNotFound, {
      file,
      field,
      message: `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    });
  }
}

function readToken(opts: ServeOptions): string | undefined {
  const token = opts.tokenFile
    ? readOptionFile('--token-file', opts.tokenFile).trim()
    : (opts.token ?? process.env.HYPERFLEET_TOKEN);
  if (token !== undefined && !/^[\x21-\x7e]{16,}$/.test(token)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: opts.tokenFile ? '--token-file' : '--token',
      expected: 'a token of at least 16 printable characters without spaces',
      got: token.length > 0 ? `${token.length} characters` : '(empty)',
    });
  }
  return token;
}

function readTls(opts: ServeOptions): { key: string; cert: string; ca?: string } | undefined {
  if (!opts.tlsCert && !opts.tlsKey && !opts.clientCa) return undefined;
  if (!opts.tlsCert || !opts.tlsKey) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: opts.tlsCert ? '--tls-key' : '--tls-cert',
      message: 'TLS needs both --tls-cert and --tls-key (and --client-ca to verify kube-scheduler)',
    });
  }
  return {
    cert: readOptionFile('--tls-cert', opts.tlsCert),
    key: readOptionFile('--tls-key', opts.tlsKey),
    ca: opts.clientCa ? readOptionFile('--client-ca', opts.clientCa) : undefined,
  };
}

/** The Kubernetes connection: kubeconfig, binder and the sync's starter (loaded only when asked for). */
async function connectKube(path: string) {
  const { loadKubeConfig, KubeBinder, startKubeSync } = await import('../../schedule/index.js');
  const config = loadKubeConfig(path === 'in-cluster' ? undefined : path);
  return { config, binder: new KubeBinder(config), startKubeSync };
}

async function serve(opts: ServeOptions): Promise<void> {
  const stopSignal = nextStopSignal();
  const port = parseInteger('--port', opts.port, 0);
  if (port > 65535) {
    throw new InputError(ErrorCode.InvalidOption, { field: '--port', expected: '0..65535', got: opts.port });
  }
  if (opts.durability !== 'full' && opts.durability !== 'normal') {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--durability',
      expected: 'full or normal',
      got: opts.durability,
    });
  }
  const ttlSeconds = parseInteger('--reservation-ttl', opts.reservationTtl, 1);
  const token = readToken(opts);
  const tls = readTls(opts);
  if (!isLoopback(opts.host) && (token === undefined || tls?.ca === undefined)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--host',
      message:
        'serving beyond loopback needs authentication and TLS: --token (or --token-file) for the REST API, and ' +
        '--tls-cert, --tls-key and --client-ca so that only kube-scheduler (by its client certificate) reaches the extender',
      expected: 'a loopback address such as 127.0.0.1, or the options above',
      got: opts.host,
    });
  }
  const requested = opts.policy === undefined ? undefined : parseAnyPolicy(opts.policy);
  const nodes = opts.nodes === undefined ? [] : await loadNodes(opts.nodes);
  const typical = await loadTypical(opts.pods);

  // Loaded here, not at the top: every other command is registered from the same module and needs no HTTP stack.
  const [{ buildApp }, { SqliteStore }] = await Promise.all([
    import('../../server/index.js'),
    import('../../schedule/index.js'),
  ]);
  let store;
  try {
    store = new SqliteStore(opts.db, opts.durability);
  } catch (e) {
    throw new InputError(ErrorCode.InvalidOption, {
      file: opts.db,
      field: '--db',
      message: `cannot open the database: ${(e as Error).message}`,
    });
  }
  const stored = store.getSetting('policy');
  let name: string = requested ?? stored ?? (typical ? 'fgd' : 'bestfit');
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
  name = policy.name;
  store.setSetting('policy', name);
  const { loadResourceModels } = await import('../../schedule/index.js');
  const resourceModels = await loadResourceModels(opts.resourceMap);
  const kube = opts.kubeconfig === undefined ? undefined : await connectKube(opts.kubeconfig);
  const app = buildApp({
    store,
    nodes,
    policy,
    typical,
    token,
    tls,
    resourceModels,
    binder: kube?.binder,
    reservationTtlMs: ttlSeconds * 1000,
  });
  const warn = (message: string): boolean => process.stderr.write(`hyperfleet serve: warning: ${message}\n`);
  for (const issue of app.live.restoreIssues) warn(issue);
  let sync: Awaited<ReturnType<typeof import('../../schedule/index.js').startKubeSync>> | undefined;
  if (kube) {
    // Reconcile before serving: the API server's nodes and bound pods, and placements of pods that ended meanwhile.
    app.live.beginReconcile();
    sync = await kube.startKubeSync(kube.config, app.live, { resourceModels, onIssue: warn });
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
  }
  app.addHook('onClose', async () => sync?.stop());
  const address = await app.listen({ port, host: opts.host });
  const live = app.live;
  process.stdout.write(
    `hyperfleet serve: ${live.state.nodeCount} nodes, ${live.placementCount} placements restored from ${opts.db}, ` +
      `policy ${name}, listening on ${address}\n`,
  );
  // Graceful shutdown: stop accepting, finish the requests in flight, close the database, then return (exit 0).
  const signal = await stopSignal;
  process.stdout.write(`hyperfleet serve: ${signal}, shutting down\n`);
  await app.close();
}

/** Resolves with the first SIGINT or SIGTERM (listened for from the start, so none is missed while starting). */
function nextStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
