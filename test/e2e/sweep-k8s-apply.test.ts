/**
 * `hyperfleet sweep k8s --kubeconfig FILE` against the stand-in API server: the built CLI creates, in the
 * namespace's `batch/v1` jobs collection, first the Indexed Job of the shards, then the merge Job — the very
 * objects it prints without `--kubeconfig` — and says so on stderr. What goes wrong is a one-line refusal (exit 2,
 * no stack trace) naming the cause: a kubeconfig that does not parse, an API server that cannot be reached, a
 * sweep of that name that exists (409), missing RBAC (403); a Job created before the refusal is named.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { expectRefusal, runCli, runCliAsync, tempDir } from '../support/cli.js';
import { FakeApiServer, writeKubeconfig } from '../support/fake-apiserver.js';

// Loose access into the Jobs the server received: the assertions say what shape is expected.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const RUN = [
  'run',
  '--fleet',
  '/results/fleet.yaml',
  '--policy',
  'fgd,bestfit',
  '--workload',
  'synthetic:pods=500',
];
/** Options that differ from every default, so that the test sees them reach the server. */
const OPTIONS = [
  '--shards',
  '3',
  '--namespace',
  'sweeps',
  '--image',
  'registry.example/hyperfleet:1.2.3',
  '--backoff-limit-per-index',
  '4',
  '--pvc',
  'grid-results',
];

function sweep(name: string, kubeconfig?: string): string[] {
  return [
    'sweep',
    'k8s',
    ...OPTIONS,
    '--name',
    name,
    ...(kubeconfig === undefined ? [] : ['--kubeconfig', kubeconfig]),
    '--',
    ...RUN,
  ];
}

let api: FakeApiServer;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  api = await FakeApiServer.start();
  dir = tempDir('hyperfleet-sweep-apply-');
  kubeconfig = writeKubeconfig(dir, api.url);
});
afterAll(async () => {
  await api.close();
});

describe('hyperfleet sweep k8s --kubeconfig', () => {
  it('creates the Indexed Job of the shards, then the merge Job, as printed', async () => {
    const r = await runCliAsync(sweep('grid-b', kubeconfig));
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'created Jobs grid-b-shards (3 shards) and grid-b-merge in sweeps; ' +
        'results in /results/grid-b/merged on PVC grid-results\n',
    );
    expect(r.status).toBe(0);

    const posts = api.requests.filter((q) => q.method === 'POST');
    expect(posts.map((q) => [q.path, q.contentType])).toEqual([
      ['/apis/batch/v1/namespaces/sweeps/jobs', 'application/json'],
      ['/apis/batch/v1/namespaces/sweeps/jobs', 'application/json'],
    ]);
    const [shards, merge] = posts.map((q) => q.body as Any);
    expect([...api.jobs.keys()]).toEqual(['sweeps/grid-b-shards', 'sweeps/grid-b-merge']);

    expect(shards).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'grid-b-shards', namespace: 'sweeps', labels: { 'hyperfleet.io/sweep': 'grid-b' } },
    });
    expect(shards.spec.completionMode).toBe('Indexed');
    expect(shards.spec.completions).toBe(3);
    expect(shards.spec.parallelism).toBe(3);
    expect(shards.spec.backoffLimitPerIndex).toBe(4);
    const pod = shards.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.volumes).toEqual([{ name: 'results', persistentVolumeClaim: { claimName: 'grid-results' } }]);
    const [shard] = pod.containers;
    expect(pod.containers).toHaveLength(1);
    expect(shard.image).toBe('registry.example/hyperfleet:1.2.3');
    expect(shard.args).toEqual([
      ...RUN,
      '--shard',
      '$(JOB_COMPLETION_INDEX)/3',
      '--out',
      '/results/grid-b/shard-$(JOB_COMPLETION_INDEX)',
    ]);
    // The index comes from the pod's completion-index annotation, declared so that Kubernetes expands $(…).
    expect(shard.env).toEqual([
      {
        name: 'JOB_COMPLETION_INDEX',
        valueFrom: {
          fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
        },
      },
    ]);

    expect(merge).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'grid-b-merge', namespace: 'sweeps' },
      spec: { completions: 1 },
    });
    expect(merge.spec.completionMode).toBeUndefined();
    const mpod = merge.spec.template.spec;
    for (const c of [...mpod.initContainers, ...mpod.containers]) {
      expect(c.image).toBe('registry.example/hyperfleet:1.2.3');
    }
    expect(mpod.initContainers[0].command[2]).toContain('want=3');
    expect(mpod.containers[0].command).toEqual([
      'sh',
      '-c',
      'exec node /app/bin/hyperfleet.cjs merge --out /results/grid-b/merged /results/grid-b/shard-*',
    ]);
    expect(mpod.volumes).toEqual(pod.volumes);

    // Applying sends exactly what printing shows (for `kubectl apply -f -`).
    const printed = runCli(sweep('grid-b'));
    expect(printed.status).toBe(0);
    expect(parseAllDocuments(printed.stdout).map((d) => d.toJS())).toEqual([shards, merge]);
  });

  it('refuses a sweep whose Jobs exist (409), naming the existing Jobs and what to do', async () => {
    const before = api.jobs.size;
    const r = await runCliAsync(sweep('grid-b', kubeconfig));
    expectRefusal(
      r,
      /^✖ --name: create Job sweeps\/grid-b-shards: the API server answered 409: jobs\.batch "grid-b-shards" already exists: a sweep of that name exists \(kubectl -n sweeps get jobs -l hyperfleet\.io\/sweep=grid-b\); delete its Jobs or give another --name$/,
    );
    expect(api.jobs.size).toBe(before);
  });

  it('says which Job was created when the second one is refused (merge Job exists)', async () => {
    api.createJob({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'grid-c-merge', namespace: 'sweeps' },
    });
    const r = await runCliAsync(sweep('grid-c', kubeconfig));
    expectRefusal(
      r,
      /--name: create Job sweeps\/grid-c-merge: the API server answered 409: .*already exists.*; grid-c-shards was created and is left in place$/,
    );
    expect(api.jobs.has('sweeps/grid-c-shards')).toBe(true);
  });

  it('names the RBAC a sweep needs when the API server answers 403', async () => {
    api.failNext(
      'POST',
      /\/jobs$/,
      403,
      'Forbidden',
      'jobs.batch is forbidden: User "tester" cannot create resource "jobs" in API group "batch"',
    );
    expectRefusal(
      await runCliAsync(sweep('grid-d', kubeconfig)),
      /^✖ --kubeconfig: create Job sweeps\/grid-d-shards: the API server answered 403: jobs\.batch is forbidden: .* \(hyperfleet needs RBAC: batch\/jobs create\)$/,
    );
    expect(api.jobs.has('sweeps/grid-d-shards')).toBe(false);
  });

  it('refuses an unreachable API server and a kubeconfig that does not parse, before creating anything', async () => {
    const closed = await FakeApiServer.start();
    const gone = closed.url;
    await closed.close();
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'clusters: [\n  - name: fake\n');
    const requests = api.requests.length;
    const [unreachable, unparsed] = await Promise.all([
      runCliAsync(sweep('grid-e', writeKubeconfig(tempDir('hyperfleet-sweep-gone-'), gone))),
      runCliAsync(sweep('grid-e', broken)),
    ]);
    const url = gone.replace(/[.]/g, '\\.');
    expectRefusal(
      unreachable,
      new RegExp(
        `^✖ --kubeconfig: create Job sweeps/grid-e-shards: cannot reach the API server at ${url}: .*ECONNREFUSED`,
      ),
    );
    expectRefusal(unparsed, /^✖ .*broken\.yaml: not a valid kubeconfig: .*\(2:\d+\)$/);
    expect(api.requests.length).toBe(requests);
  });
});
