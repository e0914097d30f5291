/**
 * The real kube-scheduler v1.20.5 of `../shared/tools/kube-scheduler/` (embedded in the FGD paper's simulator
 * `simon`, see the README there) run against an extender with its `run.sh`, and the placements hyperfleet decides
 * in process for the same pods in the same order, to compare with.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { Scheduler } from '../../src/framework/scheduler.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { NodeSpec, PodSpec } from '../../src/model/index.js';
import { createPolicy } from '../../src/policies/registry.js';
import type { TypicalPods } from '../../src/policies/index.js';
import { GoRand } from '../../src/rng/go-rand.js';
import { projectRoot } from './cli.js';
import { fetchPlacements } from './kube-scheduler-client.js';

/**
 * The harness folder (HYPERFLEET_KUBE_SCHEDULER_DIR overrides), when it holds run.sh and simon.gz; otherwise
 * undefined, after saying that `test` is skipped and why.
 */
export function kubeSchedulerDir(test: string): string | undefined {
  const dir = resolve(
    process.env.HYPERFLEET_KUBE_SCHEDULER_DIR ?? join(projectRoot, '../shared/tools/kube-scheduler'),
  );
  if (['run.sh', 'simon.gz', 'make_cluster.py'].every((f) => existsSync(join(dir, f)))) return dir;
  console.warn(
    `${test} skipped: ../shared/tools/kube-scheduler (run.sh, simon.gz) not found ` +
      '(set HYPERFLEET_KUBE_SCHEDULER_DIR to the folder holding them)',
  );
  return undefined;
}

/** The openb GPU node list under the names simon gives the nodes (seed 42). */
export const SEED42_NODES = 'openb_node_list_gpu_node.seed42-names.csv';

export interface KubeSchedulerRun {
  /** Pod name → node name, or `-` when the scheduler could not place it, in submission order. */
  readonly placements: readonly (readonly [string, string])[];
  readonly wallMs: number;
}

/** Runs `run.sh EXTENDER PODS_CSV N` with `nodeCacheCapable`; rejects when it fails, with the tail of its log. */
export function runKubeScheduler(args: {
  dir: string;
  extender: string;
  podsCsv: string;
  pods: number;
  nodeCacheCapable: boolean;
  workdir: string;
  /** More environment for run.sh (e.g. a SIMON wrapper). */
  env?: Readonly<Record<string, string>>;
}): Promise<KubeSchedulerRun> {
  const started = Date.now();
  const child = spawn('bash', [join(args.dir, 'run.sh'), args.extender, args.podsCsv, String(args.pods)], {
    env: {
      ...process.env,
      ...args.env,
      NODE_CACHE_CAPABLE: String(args.nodeCacheCapable),
      WORKDIR: args.workdir,
    },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolvePromise, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`run.sh exited ${code}:\n${err.slice(-3000)}`));
        return;
      }
      const placements = out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => l.trim().split(/\s+/) as [string, string]);
      resolvePromise({ placements, wallMs: Date.now() - started });
    });
  });
}

/**
 * hyperfleet's in-process decisions: the framework's Scheduler on `nodes` (tie-break rank = their order, as the
 * service ranks nodes in the order it registers them) with the policy and random source the service uses, the
 * pods one after the other in CSV order (no shuffle, no tuning). Pod name → node name or `-`.
 */
export function inProcessPlacements(
  nodes: readonly NodeSpec[],
  pods: readonly PodSpec[],
  policy: string,
  typical: TypicalPods,
): Map<string, string> {
  const state = new ClusterState(nodes);
  const scheduler = new Scheduler(state, createPolicy(policy, { typical }), { rng: new GoRand(42) });
  const out = new Map<string, string>();
  for (const p of pods) {
    const o = scheduler.schedule(p);
    if (!o.ok) {
      out.set(p.name, '-');
      continue;
    }
    state.assume(o.node, p, o.devices);
    out.set(p.name, nodes[o.node].name);
  }
  return out;
}

/** The simulator's pods' namespace. */
const NAMESPACE = 'paib-gpu';

async function metric(address: string, name: string): Promise<number> {
  const text = await (await fetch(`${address}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`${name} not in /metrics`);
  return Number(line.split(' ')[1]);
}

/**
 * Asserts that the service at `address` still knows every placement of `real` (pod → node or `-`) at the end of a
 * run, reports the GPU allocation of those placements (`pods` with the shares it counts, on `nodes`), holds no
 * reservation, and let no decision expire unconfirmed.
 */
export async function expectKnownPlacements(
  address: string,
  real: ReadonlyMap<string, string>,
  pods: readonly PodSpec[],
  nodes: readonly NodeSpec[],
): Promise<void> {
  const listed = await fetchPlacements(address);
  const known = new Map(listed.placements.map((p) => [p.name, p.node]));
  expect(listed.placements.every((p) => p.namespace === NAMESPACE)).toBe(true);
  expect(known).toEqual(new Map([...real].filter(([, node]) => node !== '-')));
  const byName = new Map(pods.map((p) => [p.name, p]));
  let usedMilli = 0;
  for (const [pod, node] of real) {
    if (node !== '-') usedMilli += byName.get(pod)!.gpuCount * byName.get(pod)!.gpuMilli;
  }
  const capacityMilli = nodes.reduce((s, n) => s + n.gpuCount * 1000, 0);
  const summary = (await (await fetch(`${address}/v1/fleet/summary`)).json()) as {
    gpuAllocationPercent: number;
    reservations: number;
  };
  expect(summary.gpuAllocationPercent).toBeCloseTo((100 * usedMilli) / capacityMilli, 9);
  expect(summary.reservations).toBe(0);
  expect(await metric(address, 'hyperfleet_reservations_expired_total')).toBe(0);
}

/**
 * The nodes the service at `address` registered, in its order (the in-process tie-break rank): `expected` (by name)
 * of each, after asserting the service read each as `expected` says (capacity, devices, model).
 */
export async function registeredNodes(
  address: string,
  expected: ReadonlyMap<string, NodeSpec>,
): Promise<NodeSpec[]> {
  const served = (await (await fetch(`${address}/v1/nodes`)).json()) as {
    nodes: { name: string; model: string; gpuCount: number; cpuMilli: number; memMiB: number }[];
  };
  const nodes = served.nodes.map((n) => expected.get(n.name)!);
  expect(served.nodes.map((n) => [n.name, n.cpuMilli, n.memMiB, n.gpuCount, n.model])).toEqual(
    nodes.map((n) => [n.name, n.cpuMilli, n.memMiB, n.gpuCount, n.gpuModel]),
  );
  return nodes;
}
