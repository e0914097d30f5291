/**
 * Issue 15 item 3, through a REAL kube-scheduler (v1.20.5 in the FGD paper's simulator, see
 * ../shared/tools/kube-scheduler/README.md): `hyperfleet serve --device-protocol hami` as its extender (filter +
 * prioritize, no bindVerb) on the openb GPU nodes and a prefix of the default trace in HAMi's shape
 * (test/support/hami-kube-cluster: nodes registered through `hami.io/node-nvidia-register`, split 10, with
 * `nvidia.com/gpu` = devices × split; pods asking `nvidia.com/gpu`, `nvidia.com/gpumem-percentage` and
 * `nvidia.com/gpucores`; no Alibaba GPU-share field anywhere, so only hyperfleet knows the shares). Asserted:
 * - kube-scheduler's placements equal hyperfleet's in-process decisions for the same pods in the same order, with
 *   each pod's share as HAMi's mapping gives it (milli = percent × 10, at least ⌈1000 ÷ split⌉: a 50-milli openb
 *   pod counts 100 on devices of split 10), on the nodes with the catalog models of their HAMi types;
 * - nodeCacheCapable false: the nodes are learnt from the Node objects of the filter calls (their HAMi
 *   annotations); nodeCacheCapable true: they are known beforehand from an API server's watch (the stand-in,
 *   test/support/fake-apiserver, holding the same Node objects; `--confirm filter`, since the simulator's pods never
 *   reach that server);
 * - hyperfleet knows every placement at the end, and its GPU allocation equals the one of the real placements.
 * The simulator binds in process and never calls `bindVerb`, which is where HAMi mode writes the pods'
 * annotations: those are checked against the stand-in API server only (test/e2e/serve-hami.test.ts).
 * HYPERFLEET_KUBE_HAMI_PODS sets the prefix (default 150).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOpenbNodes, loadOpenbPods } from '../../src/traces/openb.js';
import { typicalPods } from '../../src/policies/typical-pods.js';
import { FakeApiServer, writeKubeconfig } from '../support/fake-apiserver.js';
import {
  HAMI_SIMON,
  hamiDeviceKind,
  hamiNode,
  hamiShare,
  unpackedSimon,
  writeHamiCluster,
} from '../support/hami-kube-cluster.js';
import {
  expectKnownPlacements,
  inProcessPlacements,
  kubeSchedulerDir,
  registeredNodes,
  runKubeScheduler,
  SEED42_NODES,
} from '../support/real-kube-scheduler.js';
import { type ServeProcess, startServe } from '../support/serve-process.js';
import { announceSkip, sharedOpenbDir } from '../support/shared.js';

const harness = kubeSchedulerDir('real kube-scheduler HAMi test');
const openb = announceSkip(sharedOpenbDir(), 'real kube-scheduler HAMi test');
const PODS = Number(process.env.HYPERFLEET_KUBE_HAMI_PODS ?? 150);
/** HAMi's default split count (deviceSplitCount 10). */
const SPLIT = 10;
const FULL_MATRIX = [
  ['fgd', false],
  ['fgd', true],
  ['bestfit', false],
  ['bestfit', true],
] as const;
// One run (about 40 s for 150 pods, 50 s for 200) in the suite: FGD with the nodes learnt from the
// filter calls' HAMi annotations; HYPERFLEET_KUBE_MATRIX=full adds the API-server-known nodes and BestFit.
const MATRIX = process.env.HYPERFLEET_KUBE_MATRIX === 'full' ? FULL_MATRIX : FULL_MATRIX.slice(0, 1);

let serve: ServeProcess | undefined;
let api: FakeApiServer | undefined;
afterEach(async () => {
  await serve?.stop();
  await api?.close();
  serve = undefined;
  api = undefined;
});

describe.skipIf(!harness || !openb)('a real kube-scheduler with hyperfleet serve in HAMi mode', () => {
  it.each(MATRIX)(
    `%s, nodeCacheCapable %s: ${PODS} HAMi-shaped pods placed as hyperfleet decides in process`,
    async (policy, nodeCacheCapable) => {
      const podsCsv = join(openb!, 'openb_pod_list_default.csv');
      const csvNodes = await loadOpenbNodes(join(harness!, SEED42_NODES));
      const all = (await loadOpenbPods(podsCsv)).pods;
      const pods = all.slice(0, PODS);
      // The scheduler's work folder (cluster objects, configuration, simon.log) is kept when the test fails.
      const workdir = mkdtempSync(join(tmpdir(), 'hf-kube-scheduler-hami-'));
      const cluster = join(workdir, 'hami-cluster');
      writeHamiCluster(cluster, csvNodes, pods, SPLIT);

      const known: string[] = [];
      if (nodeCacheCapable) {
        // Nodes known beforehand: the API server holds them under the names the simulator gives them.
        api = await FakeApiServer.start();
        for (const n of csvNodes) api.upsertNode(hamiNode(n, n.name, SPLIT));
        known.push('--kubeconfig', writeKubeconfig(workdir, api.url), '--confirm', 'filter');
      }
      serve = await startServe([
        ...['--db', ':memory:', '--policy', policy, '--pods', podsCsv, '--device-protocol', 'hami'],
        ...known,
      ]);
      const run = await runKubeScheduler({
        dir: harness!,
        extender: `${serve.address}/extender`,
        podsCsv,
        pods: PODS,
        nodeCacheCapable,
        workdir,
        env: { SIMON: HAMI_SIMON, HF_HAMI_CLUSTER: cluster, HF_REAL_SIMON: unpackedSimon(harness!) },
      });
      console.log(
        `real kube-scheduler, HAMi mode, ${policy}, nodeCacheCapable ${nodeCacheCapable}: ${run.placements.length} pods in ${(run.wallMs / 1000).toFixed(1)} s`,
      );
      // The simulator read the HAMi objects, with HAMi's resources ignored by NodeResourcesFit.
      expect(readFileSync(join(workdir, 'cluster/nodes.yaml'), 'utf8')).toContain(
        'hami.io/node-nvidia-register',
      );
      expect(readFileSync(join(workdir, 'cluster/pods.yaml'), 'utf8')).not.toContain('alibabacloud.com');
      expect(readFileSync(join(workdir, 'sc.yaml'), 'utf8')).toMatch(
        /name: NodeResourcesFit, args: \{ignoredResources/,
      );
      expect(run.placements.map(([pod]) => pod)).toEqual(pods.map((p) => p.name));
      const real = new Map(run.placements);

      // Nodes in the order hyperfleet registered them, read with the catalog model of their HAMi type.
      const hamiModels = csvNodes.map((n) => ({
        ...n,
        gpuModel: n.gpuCount > 0 ? hamiDeviceKind(n.gpuModel).model : '',
      }));
      const nodes = await registeredNodes(serve.address, new Map(hamiModels.map((n) => [n.name, n])));
      if (nodeCacheCapable) expect(nodes).toHaveLength(csvNodes.length);

      const shared = pods.map((p) => ({ ...p, gpuMilli: hamiShare(p, SPLIT) }));
      const expected = inProcessPlacements(nodes, shared, policy, typicalPods(all));
      expect(real).toEqual(expected);
      expect([...real.values()].filter((n) => n === '-').length).toBeLessThan(PODS / 10);
      await expectKnownPlacements(serve.address, real, shared, nodes);
      rmSync(workdir, { recursive: true, force: true });
    },
    600_000,
  );
});
