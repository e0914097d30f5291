import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip, sharedOpenbDir } from '../../../test/support/shared.js';
import { loadCatalog } from '../../catalog/index.js';
import { InputError } from '../../errors/index.js';
import { expandFleet } from '../../fleet/index.js';
import { validateFleet } from '../../fleet/fleet-schema.js';
import { type PolicyName, typicalPods, typicalPodsOf } from '../../policies/index.js';
import { GoRand } from '../../rng/index.js';
import { fitOpenbStatsFile, generateWorkload, streamWorkload } from '../../workload/index.js';
import { fleetSetup, fleetSimInput } from './fleet-economics.js';
import type { TimedPod, TimeSimInput } from './time-sim-input.js';
import type { TimeSimState } from './time-sim-state.js';
import { runTimeSimulation, simulate } from './time-simulator.js';

/** Two pools of different models (a share is rounded per model, as the catalog says), tight on purpose. */
function smallFleet(): Omit<TimeSimInput, 'pods' | 'policy' | 'seed'> {
  const pool = { devicesPerNode: 8, cpuMilli: 96000, memoryMiB: 786432, capex: { usdPerDevice: 10000 } };
  const checked = validateFleet({
    site: { pue: 1.2, electricityUsdPerKWh: 0.1 },
    pools: [
      { ...pool, name: 'h20', accelerator: 'nvidia-h20', nodes: 3 },
      { ...pool, name: 'a100', accelerator: 'nvidia-a100', nodes: 2 },
    ],
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  const catalog = loadCatalog();
  const expanded = expandFleet(checked.fleet);
  return fleetSimInput(checked.fleet, expanded, fleetSetup(checked.fleet, expanded, catalog));
}

/** Seeded pods in arrival order: whole devices, shares, CPU-only, some best-effort, some too big for any node. */
function seededPods(count: number, seed: number, meanGapSec: number, meanRunSec: number): TimedPod[] {
  const rng = new GoRand(seed);
  const pods: TimedPod[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    // Every tenth pod arrives with the one before it: ties in arrival time keep the list's order.
    if (i % 10 !== 0) t += -Math.log(1 - rng.float64()) * meanGapSec;
    const kind = rng.intn(10);
    const gpuCount = kind < 4 ? 1 : kind < 7 ? [2, 4, 8][rng.intn(3)] : kind < 9 ? 0 : 9;
    pods.push({
      name: `p${i}`,
      cpuMilli: 1000 * (1 + rng.intn(8)),
      memMiB: 1024 * (1 + rng.intn(16)),
      gpuCount,
      gpuMilli: kind < 4 ? [250, 500, 1000][rng.intn(3)] : gpuCount > 0 ? 1000 : 0,
      gpuTypes: [],
      qos: rng.intn(3) === 0 ? 'BE' : 'LS',
      team: `team-${rng.intn(3)}`,
      arrivalSec: t,
      durationSec: Math.round(-Math.log(1 - rng.float64()) * meanRunSec),
    });
  }
  return pods;
}

/** The run's result without its wall time. */
function figures(input: TimeSimInput): unknown {
  const { elapsedMs: _elapsed, ...rest } = runTimeSimulation(input);
  return rest;
}

/** The same pods as a stream, with the list's typical workload. */
function asStream(pods: readonly TimedPod[]) {
  return { stream: pods.values(), expected: pods.length, typical: typicalPods(pods) };
}

describe('a streamed workload', () => {
  const fleet = smallFleet();
  const pods = seededPods(1500, 7, 60, 3600);

  it('gives the result of the same pods as a list, under every queue, with and without preemption', () => {
    const policies: PolicyName[] = ['fgd', 'bestfit', 'random'];
    for (const policy of policies) {
      for (const queue of ['fifo', 'backfill'] as const) {
        for (const preemption of [false, true]) {
          const input = { ...fleet, policy, seed: 3, queue, preemption, sampleSec: 1800 };
          const listed = figures({ ...input, pods });
          expect([policy, queue, preemption, figures({ ...input, pods: asStream(pods) })]).toEqual([
            policy,
            queue,
            preemption,
            listed,
          ]);
        }
      }
    }
    // The comparison covers what it claims: pods waited, were preempted and were rejected.
    const busy = runTimeSimulation({ ...fleet, pods, policy: 'fgd', seed: 3, preemption: true });
    expect(busy.preemptions).toBeGreaterThan(0);
    expect(busy.rejected).toBeGreaterThan(0);
    expect(busy.queueDelaySec.p95).toBeGreaterThan(0);
  });

  it('is read lazily, one pod ahead of the clock, and holds slots only for the pods live at once', () => {
    // Short jobs: few pods overlap, however many the run has.
    const many = seededPods(20_000, 11, 60, 120);
    let pulled = 0;
    function* counted() {
      for (const p of many) {
        pulled++;
        yield p;
      }
    }
    let arrived = 0;
    let mostLive = 0;
    let readAhead = 0;
    const sim = simulate(
      {
        ...fleet,
        pods: { ...asStream(many), stream: counted() },
        policy: 'bestfit',
        seed: 1,
        preemption: true,
      },
      (s: TimeSimState) => {
        while (arrived < many.length && many[arrived].arrivalSec <= s.now) arrived++;
        readAhead = Math.max(readAhead, pulled - arrived);
        let live = 0;
        for (let slot = 0; slot < s.live!.capacity; slot++) if (s.live!.isLive(slot)) live++;
        mostLive = Math.max(mostLive, live);
      },
    );
    expect(pulled).toBe(many.length);
    expect(readAhead).toBeLessThanOrEqual(1);
    // Slots are reused: their number stays near the most pods live at once (a slot waits for a stale departure).
    expect(sim.live!.capacity).toBeLessThan(many.length / 20);
    expect(sim.live!.capacity).toBeLessThanOrEqual(2 * mostLive + 1);
    expect(sim.runs.start.length).toBeLessThan(many.length / 10);
  });

  it('refuses a stream out of arrival order, naming the pod', () => {
    const late = [pods[1], pods[0], ...pods.slice(2, 5)].map((p, i) => ({
      ...p,
      arrivalSec: [5, 2, 6, 7, 8][i],
    }));
    let error: unknown;
    try {
      runTimeSimulation({ ...fleet, pods: asStream(late), policy: 'fgd', seed: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(String((error as Error).message)).toMatch(/p0 arrives before/);
  });
});

const openb = announceSkip(sharedOpenbDir(), '[pod-stream] synthetic workload fitted to openb');

describe.skipIf(!openb)('a streamed synthetic workload', () => {
  it('has the typical pods and the result of its list form, and the same ones for the same seed', async () => {
    const stats = await fitOpenbStatsFile(join(openb!, 'openb_pod_list_default.csv'));
    const options = { stats, pods: 4000, days: 1, seed: 5, scale: { duration: 40 } };
    const list = generateWorkload(options);
    const typical = typicalPodsOf(streamWorkload(options));
    expect(typical).toEqual(typicalPods(list));
    const fleet = smallFleet();
    const input = { ...fleet, policy: 'fgd' as const, seed: 2, queue: 'backfill' as const };
    const streamed = () =>
      figures({ ...input, pods: { stream: streamWorkload(options), expected: 4000, typical } });
    const once = streamed();
    expect(once).toEqual(figures({ ...input, pods: list }));
    expect(streamed()).toEqual(once);
    expect((once as { placed: number }).placed).toBeGreaterThan(0);
  });
});
