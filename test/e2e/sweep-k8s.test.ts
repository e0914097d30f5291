/**
 * `hyperfleet sweep k8s` against what it deploys, without kubectl: the printed YAML parses into an Indexed Job
 * (completionMode Indexed, completions = parallelism = N, backoffLimitPerIndex, restartPolicy Never as per-index
 * retries require) whose pods run the experiment with `--shard $(JOB_COMPLETION_INDEX)/N --out …/shard-i` — flags
 * `hyperfleet experiment --help` lists, the index variable defined in the container so that Kubernetes expands it —
 * and a merge Job that waits for N manifests and runs `hyperfleet merge` through the image's entrypoint, both with
 * the image and pod security of deploy/. Bad arguments are refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parseDocument } from 'yaml';
import { expectRefusal, projectRoot, runCli } from '../support/cli.js';

// Loose access into parsed YAML: the assertions say what shape is expected.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const EXPERIMENT = [
  'experiment',
  '--traces',
  '/results/traces',
  '--policies',
  'fgd,bestfit',
  '--seeds',
  '42-51',
];

function jobs(extra: string[] = [], args = EXPERIMENT): Any[] {
  const r = runCli(['sweep', 'k8s', '--shards', '8', ...extra, '--', ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return parseAllDocuments(r.stdout).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
}

/** The long flags a command's --help lists. */
function helpFlags(command: string): Set<string> {
  return new Set(runCli([command, '--help']).stdout.match(/--[a-z][a-z-]*/g));
}

describe('hyperfleet sweep k8s', () => {
  const [shards, merge] = jobs(['--pvc', 'sweeps', '--cpu', '2', '--memory', '4Gi', '--name', 'grid-a']);
  const pod = shards.spec.template.spec;
  const shard = pod.containers[0];

  it('prints an Indexed Job of N shards with per-index retries', () => {
    expect(shards).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'grid-a-shards' },
    });
    expect(shards.spec).toMatchObject({
      completionMode: 'Indexed',
      completions: 8,
      parallelism: 8,
      backoffLimitPerIndex: 2,
    });
    expect(pod.restartPolicy).toBe('Never');
    expect(shard.resources).toEqual({ requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '4Gi' } });
  });

  it('runs the experiment as shard $(JOB_COMPLETION_INDEX)/N into its own folder on the PVC', () => {
    expect(shard.args.slice(0, EXPERIMENT.length)).toEqual(EXPERIMENT);
    const rest = shard.args.slice(EXPERIMENT.length);
    expect(rest).toEqual([
      '--shard',
      '$(JOB_COMPLETION_INDEX)/8',
      '--out',
      '/results/grid-a/shard-$(JOB_COMPLETION_INDEX)',
    ]);
    const listed = helpFlags('experiment');
    for (const flag of shard.args.filter((a: string) => a.startsWith('--'))) expect(listed).toContain(flag);
    // Kubernetes expands $(VAR) in args only for variables of the container's env.
    expect(shard.env).toContainEqual({
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: {
        fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
      },
    });
    expect(shard.volumeMounts).toEqual([{ name: 'results', mountPath: '/results' }]);
    expect(pod.volumes).toEqual([{ name: 'results', persistentVolumeClaim: { claimName: 'sweeps' } }]);
  });

  it('prints a merge Job that waits for the N manifests, then merges every shard folder', () => {
    expect(merge).toMatchObject({
      kind: 'Job',
      metadata: { name: 'grid-a-merge' },
      spec: { completions: 1 },
    });
    expect(merge.spec.activeDeadlineSeconds).toBeGreaterThan(0);
    const mpod = merge.spec.template.spec;
    const wait = mpod.initContainers[0].command;
    expect(wait.slice(0, 2)).toEqual(['sh', '-c']);
    expect(wait[2]).toContain('want=8');
    expect(wait[2]).toContain("'/results/grid-a/shard-*/manifest.json'");
    const run = mpod.containers[0].command;
    expect(run[2]).toBe(
      'exec node /app/bin/hyperfleet.cjs merge --out /results/grid-a/merged /results/grid-a/shard-*',
    );
    // That is the image's entrypoint.
    const dockerfile = readFileSync(join(projectRoot, 'deploy/Dockerfile'), 'utf8');
    expect(dockerfile).toContain('ENTRYPOINT ["node", "/app/bin/hyperfleet.cjs"]');
    expect(helpFlags('merge')).toContain('--out');
    expect(mpod.volumes).toEqual(pod.volumes);
  });

  it('uses the image, namespace and pod security of deploy/', () => {
    const deployment = parseAllDocuments(readFileSync(join(projectRoot, 'deploy/hyperfleet.yaml'), 'utf8'))
      .map((d) => d.toJS() as Any)
      .find((d) => d.kind === 'Deployment');
    const namespace = parseDocument(readFileSync(join(projectRoot, 'deploy/namespace.yaml'), 'utf8')).toJS();
    for (const job of [shards, merge]) {
      const spec = job.spec.template.spec;
      expect(job.metadata.namespace).toBe(namespace.metadata.name);
      expect(spec.securityContext).toEqual(deployment.spec.template.spec.securityContext);
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        expect(c.image).toBe(deployment.spec.template.spec.containers[0].image);
        expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
        expect(c.securityContext.capabilities.drop).toEqual(['ALL']);
      }
    }
  });

  it('shards a run too, and names a sweep by its arguments when no --name is given', () => {
    const run = ['run', '--fleet', '/results/fleet.yaml', '--workload', 'synthetic:pods=1000,days=1'];
    const [a] = jobs([], run);
    const [b] = jobs([], run);
    expect(a.spec.template.spec.containers[0].args[0]).toBe('run');
    expect(a.metadata.name).toMatch(/^sweep-[0-9a-f]{10}-shards$/);
    expect(b.metadata.name).toBe(a.metadata.name);
    expect(jobs([], EXPERIMENT)[0].metadata.name).not.toBe(a.metadata.name);
  });

  it('refuses arguments the Jobs set, no arguments, and bad counts or names', () => {
    expectRefusal(
      runCli(['sweep', 'k8s', '--shards', '4', '--', ...EXPERIMENT, '--out', 'x']),
      /args: --out is set by the Jobs for each shard; leave it out/,
    );
    expectRefusal(
      runCli(['sweep', 'k8s', '--shards', '4', '--', 'experiment']),
      /args: give the experiment's arguments after --/,
    );
    expectRefusal(
      runCli(['sweep', 'k8s', '--shards', '0', '--', ...EXPERIMENT]),
      /--shards: expected a whole number ≥ 1/,
    );
    expectRefusal(
      runCli(['sweep', 'k8s', '--shards', '100001', '--', ...EXPERIMENT]),
      /--shards: expected at most 100000/,
    );
    expectRefusal(
      runCli(['sweep', 'k8s', '--shards', '2', '--name', 'Bad_Name', '--', ...EXPERIMENT]),
      /--name: expected lower-case/,
    );
    expectRefusal(
      runCli([
        'sweep',
        'k8s',
        '--shards',
        '2',
        '--kubeconfig',
        '/nonexistent/kubeconfig',
        '--',
        ...EXPERIMENT,
      ]),
      /\/nonexistent\/kubeconfig: file not found \(expected a kubeconfig\)/,
    );
  });
});
