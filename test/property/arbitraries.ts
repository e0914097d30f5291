/**
 * fast-check arbitraries shared by the property and differential tests: small clusters (1–12 nodes of 0–8 devices,
 * random CPU and memory, a few device models) and sequences of operations — pod submissions of every openb class,
 * some of which fit nowhere, interleaved with departures (`forget` of a random placed pod).
 */
import fc from 'fast-check';
import type { NodeSpec } from '../../src/model/node.js';
import type { PodSpec } from '../../src/model/pod.js';

export const MODELS = ['G2', 'T4', 'V100M16', 'P100'] as const;
/** A device model no generated node has. */
export const MISSING_MODEL = 'H100';
/** Larger than the CPU of any generated node. */
export const HUGE_CPU = 200_000;
/** Larger than the memory of any generated node. */
export const HUGE_MEM = 10_000_000;

export type Op =
  { readonly kind: 'submit'; readonly pod: PodSpec } | { readonly kind: 'forget'; readonly pick: number };

export interface Scenario {
  readonly nodes: NodeSpec[];
  readonly ops: Op[];
  /** Seed of the scheduler's random source and of the node ranks. */
  readonly seed: number;
}

export interface ScenarioOptions {
  readonly maxNodes?: number;
  readonly maxOps?: number;
  /** Integer weight of departures against submissions, which weigh 6 (0: submissions only). Default 3. */
  readonly forgetWeight?: number;
  /**
   * Also generate multi-device pods asking for part of each device (k ≥ 2, m < 1000). No openb trace has them,
   * but a pod list may; off by default.
   */
  readonly multiDevicePartial?: boolean;
}

const nodeArb: fc.Arbitrary<Omit<NodeSpec, 'name'>> = fc
  .record({
    cpuMilli: fc.integer({ min: 1, max: 64 }).map((c) => c * 2000),
    memMiB: fc.integer({ min: 1, max: 48 }).map((m) => m * 4096),
    gpuCount: fc.oneof(
      { weight: 1, arbitrary: fc.constant(0) },
      { weight: 12, arbitrary: fc.integer({ min: 1, max: 8 }) },
    ),
    gpuModel: fc.constantFrom(...MODELS),
  })
  .map((n) => (n.gpuCount === 0 ? { ...n, gpuModel: '' } : n));

interface Shape {
  gpuCount: number;
  gpuMilli: number;
}

function shapeArb(multiDevicePartial: boolean): fc.Arbitrary<Shape> {
  const shapes: fc.WeightedArbitrary<Shape>[] = [
    { weight: 2, arbitrary: fc.constant({ gpuCount: 0, gpuMilli: 0 }) },
    {
      weight: 4,
      arbitrary: fc
        .oneof(fc.integer({ min: 1, max: 999 }), fc.constantFrom(100, 250, 500, 750, 999))
        .map((m) => ({ gpuCount: 1, gpuMilli: m })),
    },
    { weight: 3, arbitrary: fc.constantFrom(1, 1, 2, 4, 8).map((k) => ({ gpuCount: k, gpuMilli: 1000 })) },
  ];
  if (multiDevicePartial) {
    shapes.push({
      weight: 1,
      arbitrary: fc
        .record({ k: fc.integer({ min: 2, max: 4 }), m: fc.integer({ min: 1, max: 999 }) })
        .map(({ k, m }) => ({ gpuCount: k, gpuMilli: m })),
    });
  }
  return fc.oneof(...shapes);
}

function podArb(multiDevicePartial: boolean): fc.Arbitrary<Omit<PodSpec, 'name'>> {
  return fc
    .record({
      shape: shapeArb(multiDevicePartial),
      cpuMilli: fc.oneof(
        { weight: 12, arbitrary: fc.integer({ min: 0, max: 32 }).map((c) => c * 1000) },
        { weight: 1, arbitrary: fc.constant(HUGE_CPU) },
      ),
      memMiB: fc.oneof(
        { weight: 12, arbitrary: fc.integer({ min: 0, max: 32 }).map((m) => m * 2048) },
        { weight: 1, arbitrary: fc.constant(HUGE_MEM) },
      ),
      gpuTypes: fc.oneof(
        { weight: 5, arbitrary: fc.constant<string[]>([]) },
        { weight: 2, arbitrary: fc.subarray([...MODELS, MISSING_MODEL], { minLength: 1 }) },
      ),
    })
    .map(({ shape, cpuMilli, memMiB, gpuTypes }) => ({
      cpuMilli,
      memMiB,
      gpuCount: shape.gpuCount,
      gpuMilli: shape.gpuMilli,
      gpuTypes: shape.gpuCount > 0 ? gpuTypes : [],
    }));
}

type RawOp =
  | { kind: 'submit'; pod: Omit<PodSpec, 'name'> }
  | { kind: 'repeat'; template: number }
  | { kind: 'forget'; pick: number };

/**
 * A cluster and an operation sequence; pods are named `p000`, `p001`, … in submission order. Two thirds of the
 * submissions repeat one of a few per-scenario pod templates, so resource vectors recur (as in real traces, and as
 * a score cache needs to be exercised); the others are drawn freely.
 */
export function scenarioArb(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const forgetWeight = options.forgetWeight ?? 3;
  const pod = podArb(options.multiDevicePartial ?? false);
  const ops: fc.WeightedArbitrary<RawOp>[] = [
    { weight: 2, arbitrary: pod.map((p) => ({ kind: 'submit' as const, pod: p })) },
    { weight: 4, arbitrary: fc.nat().map((template) => ({ kind: 'repeat' as const, template })) },
  ];
  if (forgetWeight > 0) {
    ops.push({
      weight: forgetWeight,
      arbitrary: fc.nat().map((pick) => ({ kind: 'forget' as const, pick })),
    });
  }
  return fc
    .record({
      nodes: fc.array(nodeArb, { minLength: 1, maxLength: options.maxNodes ?? 12 }),
      templates: fc.array(pod, { minLength: 1, maxLength: 5 }),
      ops: fc.array(fc.oneof(...ops), { minLength: 1, maxLength: options.maxOps ?? 40 }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    })
    .map(({ nodes, templates, ops, seed }) => {
      let serial = 0;
      const named = (p: Omit<PodSpec, 'name'>): PodSpec => ({
        ...p,
        name: `p${String(serial++).padStart(3, '0')}`,
      });
      return {
        nodes: nodes.map((n, i) => ({ ...n, name: `n${String(i).padStart(2, '0')}` })),
        ops: ops.map((op): Op => {
          if (op.kind === 'forget') return op;
          return {
            kind: 'submit',
            pod: named(op.kind === 'submit' ? op.pod : templates[op.template % templates.length]),
          };
        }),
        seed,
      };
    });
}

/** The pods a scenario submits, in order. */
export function submittedPods(scenario: Scenario): PodSpec[] {
  const pods: PodSpec[] = [];
  for (const op of scenario.ops) if (op.kind === 'submit') pods.push(op.pod);
  return pods;
}
