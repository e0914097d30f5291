/**
 * @module cli/commands/serve
 * `hyperfleet serve`: the live scheduler-extender service (issue 5, first step) on an openb node list, state in
 * memory. Loopback only in this step: there is no token auth or TLS yet, and kube-scheduler cannot send a bearer
 * token to an extender, so anything else would let any host on the network place pods.
 *
 * FGD needs the typical pods of the workload it optimises for. They come from `--pods FILE` (an openb pod
 * list), else from the openb default trace when it is found (download cache or shared copy). Without either,
 * `--policy fgd` is refused with a message, and the default policy falls back from fgd to bestfit.
 */
import type { Command } from 'commander';
import { ErrorCode, InputError } from '../../errors.js';
import { ClusterState } from '../../model/cluster-state.js';
import { createPolicy } from '../../policies/registry.js';
import { typicalPods, type TypicalPods } from '../../policies/typical-pods.js';
import { findOpenbFile } from '../../traces/locate.js';
import { loadOpenbNodes, loadOpenbPods } from '../../traces/openb.js';
import { parseAnyPolicy, parseInteger } from '../options.js';

interface ServeOptions {
  port: string;
  host: string;
  policy?: string;
  nodes: string;
  pods?: string;
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
      'serve the placement policies to kube-scheduler as a scheduler extender (loopback only for now)',
    )
    .requiredOption('--nodes <file>', 'openb node list of the cluster (e.g. openb_node_list_gpu_node.csv)')
    .option('--port <n>', 'TCP port (0: any free port)', '8080')
    .option('--host <addr>', 'address to listen on; loopback only until auth and TLS exist', '127.0.0.1')
    .option('--policy <name>', 'placement policy (default: fgd when typical pods are known, else bestfit)')
    .option(
      '--pods <file>',
      `openb pod list whose typical pods FGD targets (default: ${DEFAULT_TYPICAL_FILE})`,
    )
    .action(async (opts: ServeOptions) => {
      await serve(opts);
    });
}

async function loadTypical(podFile: string | undefined): Promise<TypicalPods | undefined> {
  const file = podFile ?? findOpenbFile(DEFAULT_TYPICAL_FILE);
  return file === undefined ? undefined : typicalPods((await loadOpenbPods(file)).pods);
}

async function serve(opts: ServeOptions): Promise<void> {
  const port = parseInteger('--port', opts.port, 0);
  if (port > 65535) {
    throw new InputError(ErrorCode.InvalidOption, { field: '--port', expected: '0..65535', got: opts.port });
  }
  if (!isLoopback(opts.host)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--host',
      message:
        'serving beyond loopback needs authentication and TLS, which this version does not have yet ' +
        '(kube-scheduler and hyperfleet must run on the same host)',
      expected: 'a loopback address such as 127.0.0.1 or ::1',
      got: opts.host,
    });
  }
  const requested = opts.policy === undefined ? undefined : parseAnyPolicy(opts.policy);
  const nodes = await loadOpenbNodes(opts.nodes);
  const typical = await loadTypical(opts.pods);
  let name: string = requested ?? (typical ? 'fgd' : 'bestfit');
  if (requested === undefined && !typical) {
    process.stderr.write(
      `hyperfleet: no typical pods for FGD (no --pods and no ${DEFAULT_TYPICAL_FILE} found; ` +
        "run 'hyperfleet traces fetch openb'): using bestfit\n",
    );
  }
  if (name.startsWith('fgd') && !typical) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--policy',
      message: `${name} needs the typical pods of the workload: give --pods FILE (an openb pod list) or fetch the openb traces`,
      expected: 'a policy without a target workload (bestfit, packing, clustering, dotprod, random)',
      got: name,
    });
  }
  const policy = createPolicy(name, { typical });
  name = policy.name;
  // Loaded here, not at the top: every other command is registered from the same module and needs no HTTP stack.
  const { buildApp } = await import('../../server/app.js');
  const app = buildApp({ state: new ClusterState(nodes), policy });
  const address = await app.listen({ port, host: opts.host });
  process.stdout.write(`hyperfleet serve: ${nodes.length} nodes, policy ${name}, listening on ${address}\n`);
  // Graceful shutdown: stop accepting, finish the requests in flight, then return (exit code 0).
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      process.stdout.write(`hyperfleet serve: ${signal}, shutting down\n`);
      void app.close().then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
