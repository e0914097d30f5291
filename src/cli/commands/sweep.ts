/**
 * @module cli/commands/sweep
 * `hyperfleet sweep k8s --shards N [--image …] [--pvc NAME] [--kubeconfig FILE] -- [experiment|run] <args>`: a
 * sharded sweep as Kubernetes Jobs (sweep-jobs): printed as YAML for `kubectl apply -f -`, or created through the
 * API server with the same client code `serve` uses (schedule: loadKubeConfig, describeKubeError).
 */
import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { ErrorCode, InputError } from '../../errors/index.js';
import { MAX_SHARDS } from '../../sim/index.js';
import { parseInteger } from '../options.js';
import { SWEEP_IMAGE, sweepFolder, type SweepJobsSpec, sweepJobs } from './sweep-jobs.js';

interface SweepK8sOptions {
  shards: string;
  image: string;
  pvc: string;
  namespace: string;
  name?: string;
  backoffLimitPerIndex: string;
  mergeDeadline: string;
  cpu?: string;
  memory?: string;
  kubeconfig?: string;
}

/** Options the Jobs set themselves, per shard; the user's arguments may not carry them. */
const SET_BY_SWEEP = ['--shard', '--out', '--report', '--json'];
/** A DNS-1123 label short enough for `-shards` and the pods' suffixes (63 characters in all). */
const NAME = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;

export function register(program: Command): void {
  const sweep = program
    .command('sweep')
    .description('run a sweep on a cluster, sharded (see hyperfleet merge)');
  sweep
    .command('k8s')
    .description(
      'print (or create, with --kubeconfig) an Indexed Job running `hyperfleet experiment|run … --shard i/N` and a Job that merges the shards',
    )
    .argument('<args...>', 'after --: [experiment|run] and its arguments (without --shard and --out)')
    .requiredOption('--shards <n>', 'shards N: completions and parallelism of the Indexed Job')
    .option('--image <ref>', 'the hyperfleet image (deploy/Dockerfile)', SWEEP_IMAGE)
    .option(
      '--pvc <name>',
      'PersistentVolumeClaim for the results (ReadWriteMany across nodes)',
      'hyperfleet-sweeps',
    )
    .option('--namespace <ns>', 'namespace of the Jobs', 'hyperfleet')
    .option(
      '--name <name>',
      'Jobs name prefix and results folder (default: sweep- and a digest of the arguments)',
    )
    .option('--backoff-limit-per-index <k>', 'retries of one shard before it fails', '2')
    .option('--merge-deadline <seconds>', 'how long the merge Job waits for the shards', '86400')
    .option('--cpu <q>', 'CPU request of each shard (e.g. 2)')
    .option('--memory <q>', 'memory request and limit of each shard (e.g. 4Gi)')
    .option(
      '--kubeconfig <file>',
      'create the Jobs in this cluster instead of printing them ("in-cluster" inside a pod)',
    )
    .action(async (args: string[], opts: SweepK8sOptions) => {
      const spec = sweepSpec(args, opts);
      const jobs = sweepJobs(spec);
      if (opts.kubeconfig === undefined) {
        process.stdout.write(jobs.map((j) => stringify(j, { lineWidth: 0 })).join('---\n'));
        return;
      }
      await createJobs(opts.kubeconfig, spec, jobs);
      process.stderr.write(
        `created Jobs ${spec.name}-shards (${spec.shards} shards) and ${spec.name}-merge in ${spec.namespace}; ` +
          `results in ${sweepFolder(spec.name)}/merged on PVC ${spec.pvc}\n`,
      );
    });
}

/** The Jobs' parameters from the command line; refuses what would make a wrong sweep. */
export function sweepSpec(args: readonly string[], opts: SweepK8sOptions): SweepJobsSpec {
  const command = args[0] === 'run' ? 'run' : 'experiment';
  const rest = args[0] === 'run' || args[0] === 'experiment' ? args.slice(1) : [...args];
  if (rest.length === 0)
    throw new InputError(ErrorCode.InvalidOption, {
      field: 'args',
      message: `give the ${command}'s arguments after --, e.g. -- experiment --traces /results/traces --seeds 42-51`,
    });
  const stray = rest.find((a) => SET_BY_SWEEP.some((o) => a === o || a.startsWith(`${o}=`)));
  if (stray !== undefined)
    throw new InputError(ErrorCode.InvalidOption, {
      field: 'args',
      message: `${stray.split('=')[0]} is set by the Jobs for each shard; leave it out`,
    });
  const shards = parseInteger('--shards', opts.shards, 1);
  if (shards > MAX_SHARDS)
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--shards',
      expected: `at most ${MAX_SHARDS} (an Indexed Job's limit)`,
      got: opts.shards,
    });
  const name =
    opts.name ??
    `sweep-${createHash('sha256')
      .update(JSON.stringify([command, rest, shards]))
      .digest('hex')
      .slice(0, 10)}`;
  if (!NAME.test(name))
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--name',
      expected:
        'lower-case letters, digits and -, at most 40 characters, starting and ending with a letter or digit',
      got: name,
    });
  return {
    name,
    namespace: opts.namespace,
    image: opts.image,
    command,
    args: rest,
    shards,
    backoffLimitPerIndex: parseInteger('--backoff-limit-per-index', opts.backoffLimitPerIndex, 0),
    pvc: opts.pvc,
    mergeDeadlineSec: parseInteger('--merge-deadline', opts.mergeDeadline, 1),
    ...(opts.cpu !== undefined && { cpu: opts.cpu }),
    ...(opts.memory !== undefined && { memory: opts.memory }),
  };
}

/**
 * Creates the Jobs in order; an API server's refusal is the user's to fix: RBAC, or a sweep of that name created
 * before (409: the same arguments give the same name). The error says which Jobs were created already.
 */
async function createJobs(kubeconfig: string, spec: SweepJobsSpec, jobs: readonly Record<string, unknown>[]) {
  const [{ BatchV1Api }, { describeKubeError, loadKubeConfig }] = await Promise.all([
    import('@kubernetes/client-node'),
    import('../../schedule/index.js'),
  ]);
  const { namespace } = spec;
  const config = loadKubeConfig(kubeconfig === 'in-cluster' ? undefined : kubeconfig);
  const api = config.makeApiClient(BatchV1Api);
  const created: string[] = [];
  for (const job of jobs) {
    const name = (job.metadata as { name: string }).name;
    try {
      await api.createNamespacedJob({ namespace, body: job });
      created.push(name);
    } catch (e) {
      const err = describeKubeError(
        `create Job ${namespace}/${name}`,
        e,
        config.getCurrentCluster()?.server,
        'batch/jobs create',
      );
      const exists = err.status === 409;
      const kept = created.length === 0 ? '' : `; ${created.join(', ')} was created and is left in place`;
      const hint = exists
        ? `: a sweep of that name exists (kubectl -n ${namespace} get jobs -l hyperfleet.io/sweep=${spec.name}); ` +
          'delete its Jobs or give another --name'
        : '';
      throw new InputError(ErrorCode.InvalidOption, {
        field: exists ? '--name' : '--kubeconfig',
        message: `${err.message}${hint}${kept}`,
      });
    }
  }
}
