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
import type { Command } from 'commander';
import { isInputError } from '../../errors/index.js';
import { QUEUE_OPTION, TASK_TIMEOUT_OPTION } from '../queue-options.js';
import { parseServeOptions, type ServeOptions } from './serve-options.js';
import { buildService } from './serve-service.js';
import { DEFAULT_TYPICAL_FILE } from './serve-policy.js';

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
      '--db <file|url>',
      'SQLite database of nodes and placements (":memory:" keeps nothing), or postgres://… shared by replicas (one leader decides)',
      './hyperfleet.db',
    )
    .option(
      '--lease-period <duration>',
      'with --db postgres://: how long a silent leader keeps the lock (its session is ended after that); followers take over within it',
      '4s',
    )
    .option(
      '--leader-lease <namespace/name>',
      "decide only while this pod holds kube-scheduler's Lease (needs --kubeconfig; hyperfleet as kube-scheduler's sidecar)",
    )
    .option(
      '--leader-identity <name>',
      'this pod in the Lease holderIdentity (<identity>_<uuid>; default: $POD_NAME, else the hostname)',
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
      'how long a filter decision holds its devices without a bind (or, with --confirm watch, a watch)',
      '30',
    )
    .option(
      '--confirm <mode>',
      'what confirms a filter decision: bind (kube-scheduler has a bindVerb), watch (--kubeconfig), filter (the decision is the placement); auto: watch with --kubeconfig, else filter',
      'auto',
    )
    .option(
      '--device-protocol <name>',
      "hyperfleet: devices from extended resources, hyperfleet's annotations; hami: HAMi's node registrations, pod resources and allocation annotations (docs/hami.md)",
      'hyperfleet',
    )
    .option(
      '--defrag-step-timeout <duration>',
      'how long one step of a defrag execution may take (eviction answered, replacement bound) before it rolls back',
      '2m',
    )
    .option(...QUEUE_OPTION('simulations and plans'))
    .option(...TASK_TIMEOUT_OPTION)
    .action(async (opts: ServeOptions) => {
      await serve(opts);
    });
}

async function serve(opts: ServeOptions): Promise<void> {
  const stopSignal = nextStopSignal();
  const settings = await parseServeOptions(opts);
  const { app, policy, fatal, elect } = await buildService(opts, settings);
  const address = await app.listen({ port: settings.port, host: opts.host });
  const live = app.live;
  const { redactUrl } = await import('../../schedule/index.js');
  const db = settings.database.kind === 'sqlite' ? opts.db : redactUrl(settings.database.url);
  process.stdout.write(
    `hyperfleet serve: ${live.state.nodeCount} nodes, ${live.placementCount} placements restored from ${db}, ` +
      `policy ${policy}, listening on ${address}\n`,
  );
  await elect();
  // Graceful shutdown: stop accepting, finish the requests in flight, close the database, then return (exit 0).
  const ended = await Promise.race([stopSignal, fatal.then((why) => ({ fatal: why }))]);
  if (typeof ended === 'string') process.stdout.write(`hyperfleet serve: ${ended}, shutting down\n`);
  else process.exitCode = 1;
  await app.close();
  // Bad input found after the start (a policy this replica cannot run): refused as at the start, exit 2.
  if (typeof ended !== 'string' && isInputError(ended.fatal)) throw ended.fatal;
}

/** Resolves with the first SIGINT or SIGTERM (listened for from the start, so none is missed while starting). */
function nextStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
