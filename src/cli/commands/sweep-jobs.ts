/**
 * @module cli/commands/sweep-jobs
 * The Kubernetes objects of a sharded sweep (`hyperfleet sweep k8s`): an Indexed Job whose pod i runs
 * `hyperfleet experiment|run … --shard i/N --out /results/NAME/shard-i` (i from the pod's completion index), and a
 * merge Job that waits until every shard's manifest is on the volume, then runs `hyperfleet merge`. Both use the
 * image of deploy/ (its Dockerfile: `node:20-slim`, uid 1000) and the same pod security as deploy/hyperfleet.yaml,
 * so they run in its `restricted` namespace. Results go to a PersistentVolumeClaim that every pod mounts: it must be
 * ReadWriteMany when the pods may land on several nodes.
 */
import { COMPLETION_INDEX_VARIABLE } from '../../sim/index.js';

/** The image deploy/ builds and its manifests name (kustomization.yaml `images` rewrites it there). */
export const SWEEP_IMAGE = 'hyperfleet:latest';
/** The CLI inside that image (deploy/Dockerfile's ENTRYPOINT). */
const IMAGE_CLI = ['node', '/app/bin/hyperfleet.cjs'];
/** Where the results volume is mounted in every pod. */
export const RESULTS_MOUNT = '/results';

export interface SweepJobsSpec {
  /** Prefix of both Jobs' names, and the results folder's name on the volume. */
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  /** `experiment` or `run`. */
  readonly command: 'experiment' | 'run';
  /** The command's arguments, without `--shard` and `--out`. */
  readonly args: readonly string[];
  readonly shards: number;
  /** Retries of one shard before it counts as failed (the other shards go on). */
  readonly backoffLimitPerIndex: number;
  readonly pvc: string;
  /** Seconds the merge Job waits for the shards before it fails. */
  readonly mergeDeadlineSec: number;
  /** Requests (and limits) of each shard's container, e.g. cpu `2`, memory `4Gi`. */
  readonly cpu?: string;
  readonly memory?: string;
}

type Obj = Record<string, unknown>;

const POD_SECURITY = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  fsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};
const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

function labels(spec: SweepJobsSpec, component: string): Obj {
  return {
    'app.kubernetes.io/name': 'hyperfleet',
    'app.kubernetes.io/component': component,
    'hyperfleet.io/sweep': spec.name,
  };
}

function podSpec(spec: SweepJobsSpec, pod: Obj): Obj {
  return {
    restartPolicy: 'Never',
    securityContext: POD_SECURITY,
    ...pod,
    volumes: [{ name: 'results', persistentVolumeClaim: { claimName: spec.pvc } }],
  };
}

function container(spec: SweepJobsSpec, name: string, fields: Obj): Obj {
  return {
    name,
    image: spec.image,
    imagePullPolicy: 'IfNotPresent',
    ...fields,
    securityContext: CONTAINER_SECURITY,
    volumeMounts: [{ name: 'results', mountPath: RESULTS_MOUNT }],
  };
}

/** The folder of the sweep's results on the volume. */
export function sweepFolder(name: string): string {
  return `${RESULTS_MOUNT}/${name}`;
}

/** The Indexed Job of the shards and the merge Job, in the order to apply them. */
export function sweepJobs(spec: SweepJobsSpec): [Obj, Obj] {
  const folder = sweepFolder(spec.name);
  const index = `$(${COMPLETION_INDEX_VARIABLE})`;
  const resources =
    spec.cpu === undefined && spec.memory === undefined
      ? {}
      : {
          resources: {
            requests: { ...(spec.cpu && { cpu: spec.cpu }), ...(spec.memory && { memory: spec.memory }) },
            limits: { ...(spec.memory && { memory: spec.memory }) },
          },
        };
  const shards: Obj = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${spec.name}-shards`, namespace: spec.namespace, labels: labels(spec, 'sweep-shard') },
    spec: {
      completionMode: 'Indexed',
      completions: spec.shards,
      parallelism: spec.shards,
      backoffLimitPerIndex: spec.backoffLimitPerIndex,
      template: {
        metadata: { labels: labels(spec, 'sweep-shard') },
        spec: podSpec(spec, {
          containers: [
            container(spec, 'shard', {
              args: [
                spec.command,
                ...spec.args,
                '--shard',
                `${index}/${spec.shards}`,
                '--out',
                `${folder}/shard-${index}`,
              ],
              // Set by the Job controller too; named here so that `$(…)` in args expands on every version.
              env: [
                {
                  name: COMPLETION_INDEX_VARIABLE,
                  valueFrom: {
                    fieldRef: {
                      fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']",
                    },
                  },
                },
              ],
              ...resources,
            }),
          ],
        }),
      },
    },
  };
  // A shard writes its manifest last: N manifests on the volume are N finished shards.
  const wait = [
    `want=${spec.shards}`,
    'while :; do',
    `  have=$(find ${folder} -mindepth 2 -maxdepth 2 -path '${folder}/shard-*/manifest.json' 2>/dev/null | wc -l)`,
    '  [ "$have" -ge "$want" ] && exit 0',
    '  echo "waiting for shards: $have of $want finished"',
    '  sleep 15',
    'done',
  ].join('\n');
  const merge: Obj = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${spec.name}-merge`, namespace: spec.namespace, labels: labels(spec, 'sweep-merge') },
    spec: {
      completions: 1,
      backoffLimit: 2,
      activeDeadlineSeconds: spec.mergeDeadlineSec,
      template: {
        metadata: { labels: labels(spec, 'sweep-merge') },
        spec: podSpec(spec, {
          initContainers: [container(spec, 'wait-for-shards', { command: ['sh', '-c', wait] })],
          containers: [
            container(spec, 'merge', {
              // The shell expands the folder list (N names would make the Job object grow with N).
              command: [
                'sh',
                '-c',
                `exec ${IMAGE_CLI.join(' ')} merge --out ${folder}/merged ${folder}/shard-*`,
              ],
            }),
          ],
        }),
      },
    },
  };
  return [shards, merge];
}
