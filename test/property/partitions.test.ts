/**
 * Partitions in the live scheduler (issue 15 item 4), as properties over random fleets of MIG GPUs and Ascend NPUs
 * and random sequences of partition requests and releases:
 * - never overcommitted: on every device, the partitions placed use at most its compute slices and its memory
 *   slices (a valid layout), only profiles of the device's model, and the state's milli left agrees with them;
 * - sim = live: the framework's Scheduler on a ClusterState (the simulator's engine and index strategy), fed the
 *   catalog's rounding of a milli request (catalog/sharing roundRequest, as the time simulator rounds), takes the
 *   same node and devices as the LiveScheduler fed the Kubernetes pod asking for that profile by name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinPartitions, memorySlices, roundRequest } from '../../src/catalog/index.js';
import { Scheduler } from '../../src/framework/index.js';
import { ClusterState, type NodeSpec, type PodSpec } from '../../src/model/index.js';
import { createPolicy, typicalPods } from '../../src/policies/index.js';
import { GoRand } from '../../src/rng/index.js';
import { podSpecOf, type Pod } from '../../src/schedule/kube-pod.js';
import { LiveScheduler } from '../../src/schedule/live-scheduler.js';

/** Models with partitions, and the resource prefix a pod names their partitions with. */
const FAMILIES: Record<string, string> = {
  'nvidia-h100': 'nvidia.com/mig-',
  'nvidia-a100': 'nvidia.com/mig-',
  'nvidia-h20': 'nvidia.com/mig-',
  'nvidia-h200': 'nvidia.com/mig-',
  'huawei-ascend-910': 'huawei.com/Ascend910-',
  'huawei-ascend-310p': 'huawei.com/Ascend310P-',
};
const MODELS = Object.keys(FAMILIES);

/** FGD's target workload: one pod of each partition of each model (both sides get the same). */
const TYPICAL = typicalPods(
  MODELS.flatMap((model) =>
    builtinPartitions(model)!.profiles.map((p, i) => ({
      name: `${model}-${i}`,
      cpuMilli: 1000,
      memMiB: 0,
      gpuCount: 1,
      gpuMilli: p.milli,
      gpuTypes: [model],
    })),
  ),
);

type Op =
  | { kind: 'submit'; model: number; profile: number; count: number; milli: number }
  | { kind: 'release'; pick: number };

const fleetArb = fc.array(
  fc.record({
    gpuCount: fc.integer({ min: 1, max: 4 }),
    model: fc.integer({ min: 0, max: MODELS.length - 1 }),
  }),
  { minLength: 1, maxLength: 6 },
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('submit' as const),
      model: fc.nat(),
      // profile 1 (second smallest) is MIG's memory-heavy 1g variant: drawn often, as it is the hardest to fit
      profile: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 4, arbitrary: fc.nat() }),
      count: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(2) }),
      milli: fc.integer({ min: 1, max: 999 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
);

function nodesOf(fleet: { gpuCount: number; model: number }[]): NodeSpec[] {
  return fleet.map((n, i) => ({
    name: `n${i}`,
    cpuMilli: 64000,
    memMiB: 524288,
    gpuCount: n.gpuCount,
    gpuModel: MODELS[n.model],
  }));
}

function k8sPod(name: string, model: string, profile: string, count: number): Pod {
  return {
    metadata: {
      name,
      namespace: 'ml',
      uid: `uid-${name}`,
      annotations: { 'hyperfleet.io/gpu-model': model },
    },
    spec: {
      containers: [
        { resources: { requests: { cpu: '1', [`${FAMILIES[model]}${profile}`]: String(count) } } },
      ],
    },
  };
}

/** Every device's partitions are a valid layout of its model and agree with the state's milli left. */
function checkLayouts(live: LiveScheduler, nodes: readonly NodeSpec[]): void {
  const placements = live.listPlacements();
  for (const view of live.listNodes()) {
    const model = nodes.find((n) => n.name === view.name)!.gpuModel;
    const set = builtinPartitions(model)!;
    view.gpuMilliLeft.forEach((left, device) => {
      const here = placements.filter((p) => p.node === view.name && p.devices.includes(device));
      let slices = 0;
      let memory = 0;
      let milli = 0;
      for (const p of here) {
        const profile = set.profiles.find((q) => q.name === p.profile);
        expect(profile, `${p.profile} on ${model}`).toBeDefined();
        slices += profile!.slices!;
        memory += memorySlices(set, profile!)!.used;
        milli += p.milliPerDevice;
      }
      expect(slices).toBeLessThanOrEqual(set.slices!);
      expect(memory).toBeLessThanOrEqual(memorySlices(set, set.profiles.at(-1)!)!.total);
      expect(left).toBe(1000 - milli);
    });
  }
}

describe('partitions in the live scheduler', () => {
  it('are never overcommitted: every device holds a valid layout of its model', () => {
    fc.assert(
      fc.property(fleetArb, fc.array(opArb, { maxLength: 60 }), (fleet, ops) => {
        const nodes = nodesOf(fleet);
        const live = new LiveScheduler({ policy: createPolicy('bestfit'), nodes });
        const names = nodes.map((n) => n.name);
        ops.forEach((op, i) => {
          if (op.kind === 'release') {
            const placed = live.listPlacements();
            if (placed.length > 0) live.release('ml', placed[op.pick % placed.length].name);
          } else {
            // any profile of a model of the fleet, including the memory-heavy variants and profiles other nodes lack
            const model = nodes[op.model % nodes.length].gpuModel;
            const profiles = builtinPartitions(model)!.profiles;
            const name = `p${i}`;
            const spec = podSpecOf(
              k8sPod(name, model, profiles[op.profile % profiles.length].name, op.count),
            );
            const d = live.decide(`uid-${name}`, spec, names);
            if (d.node >= 0) {
              expect(
                live.bind({ uid: `uid-${name}`, namespace: 'ml', name, nodeName: names[d.node] }).ok,
              ).toBe(true);
            }
          }
          checkLayouts(live, nodes);
        });
      }),
      { numRuns: 150 },
    );
  });

  for (const policy of ['bestfit', 'fgd']) {
    it(`take the decisions the simulator takes on the same sequence (${policy})`, () => {
      fc.assert(
        fc.property(fleetArb, fc.array(opArb, { maxLength: 60 }), (fleet, ops) => {
          const nodes = nodesOf(fleet);
          const names = nodes.map((n) => n.name);
          const typical = TYPICAL;
          const live = new LiveScheduler({ policy: createPolicy(policy, { typical }), nodes, typical });
          const state = new ClusterState(nodes);
          const sim = new Scheduler(state, createPolicy(policy, { typical }), { rng: new GoRand(42) });
          const simPlaced: { name: string; node: number; spec: PodSpec; devices: number[] }[] = [];
          ops.forEach((op, i) => {
            if (op.kind === 'release') {
              if (simPlaced.length === 0) return;
              const [gone] = simPlaced.splice(op.pick % simPlaced.length, 1);
              state.forget(gone.node, gone.spec, gone.devices);
              expect(live.release('ml', gone.name).ok).toBe(true);
              return;
            }
            // the simulator's pod: a milli request for one model of the fleet, rounded as the catalog rounds it
            const model = nodes[op.model % nodes.length].gpuModel;
            const rounded = roundRequest(builtinPartitions(model)!, op.milli, model);
            if (!rounded.ok || rounded.profile === undefined) return;
            const name = `p${i}`;
            const simSpec: PodSpec = {
              name,
              cpuMilli: 1000,
              memMiB: 0,
              gpuCount: op.count,
              gpuMilli: rounded.milli,
              gpuTypes: [model],
            };
            const simOutcome = sim.schedule(simSpec);
            // the live service's pod: the same profile, by name
            const liveSpec = podSpecOf(k8sPod(name, model, rounded.profile, op.count));
            const d = live.decide(`uid-${name}`, liveSpec, names);
            expect(d.node).toBe(simOutcome.ok ? simOutcome.node : -1);
            if (!simOutcome.ok) return;
            expect(d.devices).toEqual(simOutcome.devices);
            state.assume(simOutcome.node, simSpec, simOutcome.devices);
            simPlaced.push({ name, node: simOutcome.node, spec: simSpec, devices: simOutcome.devices });
            expect(live.bind({ uid: `uid-${name}`, namespace: 'ml', name, nodeName: names[d.node] }).ok).toBe(
              true,
            );
          });
          expect(live.gpuAllocationPercent()).toBeCloseTo(
            (100 * simPlaced.reduce((s, p) => s + p.spec.gpuMilli * p.spec.gpuCount, 0)) /
              (1000 * state.totalGpus),
            9,
          );
        }),
        { numRuns: 100 },
      );
    });
  }
});
