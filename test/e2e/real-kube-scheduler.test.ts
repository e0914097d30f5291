/**
 * Issue 15 item 1: a REAL kube-scheduler (v1.20.5, embedded in the FGD paper's simulator, see
 * ../shared/tools/kube-scheduler/README.md) places a prefix of the openb default trace with `hyperfleet serve`
 * (dist/, real HTTP, a 5 s reservation TTL, the default `--confirm auto`) as its extender, registered as a new
 * user would: filter + prioritize, no bindVerb. Asserted, for BestFit and FGD, nodeCacheCapable true (nodes
 * registered with --nodes) and false (nodes learnt from the Node objects of the filter calls, nothing registered):
 * - kube-scheduler's placements (pod → node) equal hyperfleet's in-process decisions for the same pods in the
 *   same order (the framework's Scheduler on the same nodes, policy, tie-break rank and random source);
 * - hyperfleet still knows every placement at the end (GET /v1/placements), its reported GPU allocation equals
 *   the real one computed from kube-scheduler's placements, and no decision expired unconfirmed (/metrics).
 * Each run takes several times the TTL (about 20–30 s for the default 150 pods, mostly the simulator's per-pod
 * reports; the TTL is cut from its default 30 s so that fewer pods still outlast it), so the old behaviour —
 * decisions expiring without a bind — fails it. HYPERFLEET_KUBE_PODS sets the prefix;
 * bench/kube-scheduler.bench.js runs the whole trace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOpenbNodes, loadOpenbPods } from '../../src/traces/openb.js';
import { typicalPods } from '../../src/policies/typical-pods.js';
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

const harness = kubeSchedulerDir('real kube-scheduler test');
const openb = announceSkip(sharedOpenbDir(), 'real kube-scheduler test');
const PODS = Number(process.env.HYPERFLEET_KUBE_PODS ?? 150);
/** Reservation TTL (s): well below a run's length, so that a decision left unconfirmed would expire in it. */
const TTL_SECONDS = 5;
// Each run holds a test worker for 35–60 s: the suite runs one per policy and per node-cache mode (its diagonal);
// HYPERFLEET_KUBE_MATRIX=full runs all four, and bench/kube-scheduler.bench.js runs them on the whole trace.
const FULL_MATRIX = [
  ['bestfit', true],
  ['bestfit', false],
  ['fgd', true],
  ['fgd', false],
] as const;
const MATRIX = process.env.HYPERFLEET_KUBE_MATRIX === 'full' ? FULL_MATRIX : [FULL_MATRIX[0], FULL_MATRIX[3]];

let serve: ServeProcess | undefined;
afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

describe.skipIf(!harness || !openb)('a real kube-scheduler with hyperfleet serve as its extender', () => {
  it.each(MATRIX)(
    `%s, nodeCacheCapable %s: ${PODS} pods placed as hyperfleet decides in process, none forgotten`,
    async (policy, nodeCacheCapable) => {
      const podsCsv = join(openb!, 'openb_pod_list_default.csv');
      const nodesCsv = join(harness!, SEED42_NODES);
      serve = await startServe([
        ...['--reservation-ttl', String(TTL_SECONDS)],
        '--db',
        ':memory:',
        '--policy',
        policy,
        '--pods',
        podsCsv,
        // nodeCacheCapable false: nothing registered, the nodes are learnt from the filter calls
        ...(nodeCacheCapable ? ['--nodes', nodesCsv] : []),
      ]);
      expect(serve.output()).toMatch(/warning: neither a bind nor a kubeconfig confirms placements/);
      // The scheduler's work folder (cluster objects, configuration, simon.log) is kept when the test fails.
      const workdir = mkdtempSync(join(tmpdir(), 'hf-kube-scheduler-'));
      const run = await runKubeScheduler({
        dir: harness!,
        extender: `${serve.address}/extender`,
        podsCsv,
        pods: PODS,
        nodeCacheCapable,
        workdir,
      });
      console.log(
        `real kube-scheduler, ${policy}, nodeCacheCapable ${nodeCacheCapable}: ${run.placements.length} pods in ${(run.wallMs / 1000).toFixed(1)} s`,
      );
      expect(run.placements.map(([pod]) => pod)).toHaveLength(PODS);
      expect(run.wallMs).toBeGreaterThan(TTL_SECONDS * 1000);
      const real = new Map(run.placements);

      // Nodes: the CSV's, in the order hyperfleet registered them (learnt nodes rank in the order they came).
      const csvNodes = new Map((await loadOpenbNodes(nodesCsv)).map((n) => [n.name, n]));
      const nodes = await registeredNodes(serve.address, csvNodes);
      if (nodeCacheCapable) expect(nodes).toHaveLength(csvNodes.size);

      const all = (await loadOpenbPods(podsCsv)).pods;
      const pods = all.slice(0, PODS);
      const expected = inProcessPlacements(nodes, pods, policy, typicalPods(all));
      expect(real).toEqual(expected);
      expect([...real.values()].filter((n) => n === '-').length).toBeLessThan(PODS / 10);

      // hyperfleet knows every placement kube-scheduler made, and reports the real allocation.
      await expectKnownPlacements(serve.address, real, pods, nodes);
      rmSync(workdir, { recursive: true, force: true });
    },
    600_000,
  );
});
