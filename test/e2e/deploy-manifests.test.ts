/**
 * The deployment manifests in deploy/ against the code they deploy: every YAML parses; the KubeSchedulerConfiguration
 * registers the extender as ../shared/specs/kube-scheduler-extender.md §4 says (verbs that are the server's routes,
 * nodeCacheCapable, a positive weight, the vendors' resources, TLS client certificate files that the scheduler's
 * Deployment mounts); the hyperfleet Deployment passes only flags that `hyperfleet serve --help` lists, reads files
 * from volumes it mounts, and probes routes that answer; kustomization.yaml names files that exist.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { FastifyInstance } from 'fastify';
import { ClusterState } from '../../src/model/cluster-state.js';
import { createPolicy } from '../../src/policies/registry.js';
import { buildApp } from '../../src/server/app.js';
import { projectRoot, runCli } from '../support/cli.js';
import { syntheticOpenbTrace } from '../../src/traces/synthetic-openb.js';

const deployDir = join(projectRoot, 'deploy');

type Doc = Record<string, unknown> & { kind?: string; metadata?: { name?: string; namespace?: string } };
// Loose access into parsed YAML: the assertions say what shape is expected.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const docs = new Map<string, Doc[]>();
// The base; overlays (deploy/overlays/*) patch it and are checked on their own below.
for (const file of yamlFiles(deployDir).filter((f) => !f.startsWith(join(deployDir, 'overlays')))) {
  const parsed = parseAllDocuments(readFileSync(file, 'utf8'));
  docs.set(
    file.slice(deployDir.length + 1),
    parsed.map((d) => {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
      return d.toJS() as Doc;
    }),
  );
}
const all = [...docs.values()].flat();
const find = (kind: string, name: string): Any => {
  const d = all.find((x) => x.kind === kind && x.metadata?.name === name);
  if (!d) throw new Error(`no ${kind} ${name} in deploy/`);
  return d;
};
const schedulerConfig: Any = docs.get('kube-scheduler-config.yaml')?.[0];
const extender: Any = schedulerConfig?.extenders?.[0];
const hyperfleet = find('Deployment', 'hyperfleet');
const container: Any = hyperfleet.spec.template.spec.containers[0];
const args: string[] = container.args;

/** The value of `--flag` in an argument list (`--flag value` or `--flag=value`). */
function argValue(list: readonly string[], flag: string): string | undefined {
  const i = list.indexOf(flag);
  if (i >= 0) return list[i + 1];
  return list.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

/** Whether `path` lies under a mountPath of the container. */
function mounted(c: Any, path: string): Any {
  return (c.volumeMounts as Any[]).find((m) => path.startsWith(`${m.mountPath}/`));
}

describe('deploy/ manifests', () => {
  it('parse, and every object has a kind and a name', () => {
    expect(docs.size).toBeGreaterThanOrEqual(6);
    for (const [file, list] of docs) {
      for (const d of list) {
        expect(d.kind, file).toBeTypeOf('string');
        if (d.kind !== 'Kustomization' && d.kind !== 'KubeSchedulerConfiguration') {
          expect(d.metadata?.name, file).toBeTypeOf('string');
        }
      }
    }
  });

  it('kustomization names files that exist, and the namespace of every namespaced object', () => {
    const k: Any = docs.get('kustomization.yaml')![0];
    const files = [...k.resources, ...k.configMapGenerator.flatMap((g: Any) => g.files)];
    for (const f of files) expect(existsSync(join(deployDir, f)), f).toBe(true);
    const cluster = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
    for (const d of all.filter((x) => x.metadata && !cluster.has(x.kind!))) {
      expect(['hyperfleet', 'kube-system'], `${d.kind} ${d.metadata?.name}`).toContain(d.metadata?.namespace);
    }
    // Every ConfigMap and Secret a pod mounts is generated here or documented as created by the operator.
    const generated = k.configMapGenerator.map((g: Any) => g.name);
    for (const dep of all.filter((x) => x.kind === 'Deployment') as Any[]) {
      for (const v of dep.spec.template.spec.volumes) {
        if (v.configMap) expect(generated).toContain(v.configMap.name);
        if (v.secret) {
          expect([
            'hyperfleet-tls',
            'hyperfleet-client-ca',
            'hyperfleet-token',
            'hyperfleet-scheduler-client',
          ]).toContain(v.secret.secretName);
        }
      }
    }
  });

  it('the scheduler configuration registers the extender as the protocol spec says', () => {
    expect(schedulerConfig.apiVersion).toBe('kubescheduler.config.k8s.io/v1');
    expect(schedulerConfig.kind).toBe('KubeSchedulerConfiguration');
    expect(schedulerConfig.profiles.map((p: Any) => p.schedulerName)).toEqual(['hyperfleet']);
    expect(schedulerConfig.extenders).toHaveLength(1);
    // <urlPrefix>/<verb> must be the server's routes; urlPrefix has no trailing slash.
    const url = new URL(extender.urlPrefix);
    expect(extender.urlPrefix.endsWith('/')).toBe(false);
    expect(url.protocol).toBe('https:');
    const paths = ['filterVerb', 'prioritizeVerb', 'bindVerb', 'preemptVerb'].map(
      (v) => `${url.pathname}/${extender[v]}`,
    );
    expect(paths).toEqual([
      '/extender/filter',
      '/extender/prioritize',
      '/extender/bind',
      '/extender/preempt',
    ]);
    // The Service and port the URL names exist.
    const service = find('Service', url.hostname.split('.')[0]);
    expect(url.hostname).toBe(`${service.metadata.name}.${service.metadata.namespace}.svc`);
    expect(service.spec.ports.map((p: Any) => p.port)).toContain(Number(url.port));
    expect(extender.nodeCacheCapable).toBe(true);
    // weight: > 0 when prioritizeVerb is set; ours outweighs the default score plugins (weights summing to 12).
    expect(Number.isInteger(extender.weight)).toBe(true);
    expect(extender.weight).toBeGreaterThan(12);
    expect(extender.ignorable).toBe(false);
    expect(extender.httpTimeout).toMatch(/^\d+(\.\d+)?(ms|s|m)$/);
    const managed = new Map(extender.managedResources.map((r: Any) => [r.name, r.ignoredByScheduler]));
    expect(managed.get('nvidia.com/gpu')).toBe(false);
    for (const r of [
      'huawei.com/Ascend910B',
      'cambricon.com/mlu',
      'aliyun.com/ppu',
      'hygon.com/dcunum',
      'kunlunxin.com/xpu',
    ]) {
      expect(managed.get(r), r).toBe(false);
    }
    expect(managed.get('hyperfleet.io/gpu-milli')).toBe(true);
    // Only the fields the spec lists.
    const fields = [
      'urlPrefix',
      'filterVerb',
      'prioritizeVerb',
      'bindVerb',
      'preemptVerb',
      'weight',
      'nodeCacheCapable',
      'managedResources',
      'ignorable',
      'httpTimeout',
      'enableHTTPS',
      'tlsConfig',
    ];
    for (const key of Object.keys(extender)) expect(fields).toContain(key);
    for (const key of Object.keys(extender.tlsConfig)) {
      expect([
        'insecure',
        'serverName',
        'certFile',
        'keyFile',
        'caFile',
        'certData',
        'keyData',
        'caData',
      ]).toContain(key);
    }
  });

  it('the second kube-scheduler reads this configuration and mounts the TLS files it names', () => {
    const dep = find('Deployment', 'hyperfleet-scheduler');
    const c: Any = dep.spec.template.spec.containers[0];
    const configPath = c.command.find((a: string) => a.startsWith('--config='))!.slice('--config='.length);
    const configMount = mounted(c, configPath);
    expect(configPath.endsWith('/kube-scheduler-config.yaml')).toBe(true);
    const configVolume = dep.spec.template.spec.volumes.find((v: Any) => v.name === configMount.name);
    expect(configVolume.configMap.name).toBe('hyperfleet-scheduler-config');
    for (const f of ['certFile', 'keyFile', 'caFile']) {
      expect(mounted(c, extender.tlsConfig[f]), f).toBeDefined();
    }
    expect(extender.enableHTTPS).toBe(true);
    expect(extender.tlsConfig.insecure).toBe(false);
    expect(schedulerConfig.leaderElection.resourceName).toBe('hyperfleet-scheduler');
  });

  it('the hyperfleet Deployment passes only flags that `hyperfleet serve --help` lists', () => {
    const help = runCli(['serve', '--help']);
    expect(help.status).toBe(0);
    const known = new Set([...help.stdout.matchAll(/(--[a-z][a-z-]*)/g)].map((m) => m[1]));
    expect(args[0]).toBe('serve');
    const flags = args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]);
    expect(flags.length).toBeGreaterThan(5);
    for (const f of flags) expect(known, `${f} is not in hyperfleet serve --help`).toContain(f);
    // Beyond loopback the CLI requires a token and TLS with a client CA.
    expect(argValue(args, '--host')).toBe('0.0.0.0');
    for (const f of ['--tls-cert', '--tls-key', '--client-ca', '--token-file'])
      expect(argValue(args, f), f).toBeDefined();
    expect(argValue(args, '--db')).toBe('/var/lib/hyperfleet/hyperfleet.db');
    // Nodes and pods come from the API server through the pod's service account.
    expect(argValue(args, '--kubeconfig')).toBe('in-cluster');
    // Every file argument lies on a mounted volume; the database on the PVC.
    for (const f of ['--pods', '--db', '--tls-cert', '--tls-key', '--client-ca', '--token-file']) {
      expect(mounted(container, argValue(args, f)!), f).toBeDefined();
    }
    const dbVolume = hyperfleet.spec.template.spec.volumes.find(
      (v: Any) => v.name === mounted(container, argValue(args, '--db')!).name,
    );
    expect(dbVolume.persistentVolumeClaim.claimName).toBe(
      find('PersistentVolumeClaim', 'hyperfleet-data').metadata.name,
    );
    // The container port is the one --port names, and the Service targets it.
    expect(container.ports[0].containerPort).toBe(Number(argValue(args, '--port')));
    expect(hyperfleet.spec.strategy.type).toBe('Recreate');
    expect(hyperfleet.spec.replicas).toBe(1);
  });

  it('runs as non-root with a read-only root file system', () => {
    for (const name of ['hyperfleet', 'hyperfleet-scheduler']) {
      const spec: Any = find('Deployment', name).spec.template.spec;
      expect(spec.securityContext.runAsNonRoot, name).toBe(true);
      expect(spec.securityContext.runAsUser, name).toBeGreaterThan(0);
      for (const c of spec.containers) {
        expect(c.securityContext.allowPrivilegeEscalation, name).toBe(false);
        expect(c.securityContext.readOnlyRootFilesystem, name).toBe(true);
        expect(c.securityContext.capabilities.drop, name).toContain('ALL');
      }
    }
  });

  it('the RBAC lets the extender watch nodes and pods, bind pods and annotate them', () => {
    const rules: Any[] = find('ClusterRole', 'hyperfleet-extender').rules;
    const allows = (resource: string, verb: string): boolean =>
      rules.some((r) => r.apiGroups.includes('') && r.resources.includes(resource) && r.verbs.includes(verb));
    for (const verb of ['get', 'list', 'watch']) {
      expect(allows('nodes', verb), `nodes ${verb}`).toBe(true);
      expect(allows('pods', verb), `pods ${verb}`).toBe(true);
    }
    expect(allows('pods', 'patch')).toBe(true);
    expect(allows('pods/binding', 'create')).toBe(true);
    const binding = find('ClusterRoleBinding', 'hyperfleet-extender');
    expect(binding.subjects[0]).toMatchObject({
      kind: 'ServiceAccount',
      name: 'hyperfleet',
      namespace: 'hyperfleet',
    });
    expect(hyperfleet.spec.template.spec.serviceAccountName).toBe('hyperfleet');
  });

  it('the Dockerfile builds from node:20-slim, copies files that exist and runs as a non-root user', () => {
    const docker = readFileSync(join(deployDir, 'Dockerfile'), 'utf8');
    const froms = [...docker.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms) expect(f).toBe('node:20-slim');
    const copied = [...docker.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    for (const src of copied) expect(existsSync(join(projectRoot, src)), src).toBe(true);
    // Everything `npm run build` reads (the TypeScript build, the simulate bundle, the dashboard) is copied.
    for (const needed of ['tsconfig.json', 'tsconfig.build.json', 'src', 'scripts', 'web', 'bin'])
      expect(copied, needed).toContain(needed);
    const user = [...docker.matchAll(/^USER (\d+)/gm)].pop()?.[1];
    expect(Number(user)).toBe(hyperfleet.spec.template.spec.securityContext.runAsUser);
    expect(docker).toMatch(/^ENTRYPOINT \["node", "\/app\/bin\/hyperfleet\.cjs"\]/m);
    expect(existsSync(join(projectRoot, 'bin/hyperfleet.cjs'))).toBe(true);
  });

  describe('probes', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      const trace = syntheticOpenbTrace(1, 20);
      app = buildApp({ state: new ClusterState(trace.nodes), policy: createPolicy('bestfit') });
      await app.ready();
    });
    afterAll(async () => app.close());

    it('point at routes that answer 200 without credentials', async () => {
      const probes = ['startupProbe', 'livenessProbe', 'readinessProbe'].map((p) => container[p]);
      for (const probe of probes) {
        expect(probe.httpGet.scheme).toBe('HTTPS');
        expect(probe.httpGet.port).toBe(container.ports[0].name);
        const res = await app.inject({ method: 'GET', url: probe.httpGet.path });
        expect(res.statusCode, probe.httpGet.path).toBe(200);
      }
    });
  });

  describe('the HA overlay (deploy/overlays/ha)', () => {
    const dir = join(deployDir, 'overlays', 'ha');
    const load = (f: string): Any[] =>
      parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS());
    const kustomization = load('kustomization.yaml')[0];
    const sidecar = load('scheduler-sidecar.yaml')[0];
    const haConfig = load('kube-scheduler-config.yaml')[0];

    it('names files that exist, and patches the scheduler Deployment of the base to 2 replicas', () => {
      for (const f of [
        ...kustomization.resources.filter((r: string) => !r.startsWith('..')),
        'scheduler-sidecar.yaml',
      ])
        expect(existsSync(join(dir, f)), f).toBe(true);
      expect(sidecar.metadata.name).toBe(find('Deployment', 'hyperfleet-scheduler').metadata.name);
      expect(sidecar.spec.replicas).toBe(2);
    });

    it("the sidecar watches the kube-scheduler's own Lease, as its pod, with flags serve knows", () => {
      const c = sidecar.spec.template.spec.containers.find((x: Any) => x.name === 'hyperfleet');
      const help = runCli(['serve', '--help']).stdout;
      for (const f of c.args.filter((a: string) => a.startsWith('--'))) expect(help, f).toContain(f);
      const le = haConfig.leaderElection;
      expect(le.leaderElect).toBe(true);
      expect(argValue(c.args, '--leader-lease')).toBe(`${le.resourceNamespace}/${le.resourceName}`);
      expect(argValue(c.args, '--kubeconfig')).toBe('in-cluster');
      // holderIdentity is <hostname>_<uuid>; in a pod the hostname is the pod name.
      expect(c.env.find((e: Any) => e.name === 'POD_NAME').valueFrom.fieldRef.fieldPath).toBe(
        'metadata.name',
      );
      // kube-scheduler calls the sidecar on loopback, at the port it listens on.
      const url = new URL(haConfig.extenders[0].urlPrefix);
      expect(url.hostname).toBe(argValue(c.args, '--host'));
      expect(url.port).toBe(argValue(c.args, '--port'));
      expect(haConfig.extenders[0].ignorable).toBe(false);
    });

    it('a PodDisruptionBudget keeps one scheduler pod, and RBAC lets the sidecar watch the Lease', () => {
      const [pdb] = load('pdb.yaml');
      expect(pdb.spec.maxUnavailable).toBe(1);
      expect(pdb.spec.selector.matchLabels).toEqual(
        find('Deployment', 'hyperfleet-scheduler').spec.selector.matchLabels,
      );
      const rbac = load('lease-rbac.yaml');
      const role = rbac.find((d) => d.kind === 'Role');
      expect(role.rules[0]).toMatchObject({ apiGroups: ['coordination.k8s.io'], resources: ['leases'] });
      expect(role.rules[0].verbs).toEqual(expect.arrayContaining(['get', 'list', 'watch']));
      for (const b of rbac.filter((d) => d.kind.endsWith('Binding'))) {
        expect(b.subjects[0].name).toBe(
          find('Deployment', 'hyperfleet-scheduler').spec.template.spec.serviceAccountName,
        );
      }
    });
  });
});
