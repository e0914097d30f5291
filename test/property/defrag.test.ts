/**
 * Property tests (fast-check, fixed seed) of the defragmentation planner (src/defrag) on random small clusters
 * filled with pods of every class, QoS and movability: an applied plan never overcommits a device, CPU or memory
 * after any step, every moved pod is placed again, and the pending pod then fits its target; and, against a brute
 * force over every sequence of at most k ≤ 2 moves (any movable pod, any node, any devices), the planner finds a
 * plan exactly when one exists, of the least cost, and says "impossible" only when none exists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/defrag/apply-plan.js';
import { movabilityOf } from '../../src/defrag/move-cost.js';
import type { PlacedPod } from '../../src/defrag/placed-pod.js';
import { planDefrag } from '../../src/defrag/planner.js';
import { fits, fitsEmptyNode, modelFits } from '../../src/framework/fit.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { NodeSpec } from '../../src/model/node.js';
import type { PodSpec } from '../../src/model/pod.js';
import { compileRequest } from '../../src/policies/pod-request.js';

const MODELS = ['A', 'B'];

interface Case {
  readonly nodes: NodeSpec[];
  readonly pods: PlacedPod[];
  readonly state: ClusterState;
  readonly pending: PodSpec;
  readonly maxMoves: number;
}

const shapeArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ gpuCount: 0, gpuMilli: 0 }) },
  { weight: 3, arbitrary: fc.constantFrom(250, 300, 500, 700).map((m) => ({ gpuCount: 1, gpuMilli: m })) },
  { weight: 3, arbitrary: fc.constantFrom(1, 1, 2, 3).map((k) => ({ gpuCount: k, gpuMilli: 1000 })) },
);

const podArb = fc.record({
  shape: shapeArb,
  cpuMilli: fc.integer({ min: 0, max: 4 }).map((c) => c * 1000),
  memMiB: fc.integer({ min: 0, max: 4 }).map((m) => m * 1024),
  gpuTypes: fc.oneof(
    { weight: 6, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: fc.constantFrom(['A'], ['B']) },
  ),
  qos: fc.constantFrom('BE', 'LS', 'Burstable', 'Guaranteed'),
  never: fc.constantFrom('no', 'no', 'no', 'no', 'no', 'no', 'daemonset', 'local', 'annotation'),
  extra: fc.constantFrom(undefined, '0.5', '3'),
  /** Which fitting node and device choice the fill takes. */
  pick: fc.nat(),
});

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    nodes: fc.array(
      fc.record({
        cpuMilli: fc.integer({ min: 4, max: 16 }).map((c) => c * 1000),
        memMiB: fc.integer({ min: 4, max: 16 }).map((m) => m * 1024),
        gpuCount: fc.oneof(
          { weight: 1, arbitrary: fc.constant(0) },
          { weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }) },
        ),
        gpuModel: fc.constantFrom(...MODELS),
      }),
      { minLength: 2, maxLength: 4 },
    ),
    pods: fc.array(podArb, { minLength: 1, maxLength: 10 }),
    pending: podArb,
    maxMoves: fc.oneof(
      { weight: 1, arbitrary: fc.constant(0) },
      { weight: 6, arbitrary: fc.integer({ min: 1, max: 2 }) },
    ),
  })
  .map(({ nodes: raw, pods: rawPods, pending, maxMoves }) => {
    const nodes: NodeSpec[] = raw.map((n, i) => ({
      ...n,
      name: `n${i}`,
      gpuModel: n.gpuCount > 0 ? n.gpuModel : '',
    }));
    const state = new ClusterState(nodes);
    const pods: PlacedPod[] = [];
    for (const [i, r] of rawPods.entries()) {
      const spec = specOf(r, `p${i}`);
      const options = placements(state, spec);
      if (options.length === 0) continue;
      const { node, devices } = options[r.pick % options.length];
      state.assume(node, spec, devices);
      pods.push({
        namespace: 'ns',
        name: `p${i}`,
        node,
        devices,
        spec,
        ...(r.never === 'daemonset' ? { ownerKind: 'DaemonSet' } : {}),
        ...(r.never === 'local' ? { localStorage: true } : {}),
        annotations: {
          ...(r.never === 'annotation' ? { 'hyperfleet.io/movable': 'false' } : {}),
          ...(r.extra !== undefined ? { 'hyperfleet.io/move-cost': r.extra } : {}),
        },
      });
    }
    return { nodes, pods, state, pending: specOf(pending, 'pending'), maxMoves };
  });

/** Cases where the pending pod fits no node as it is, but some node if it were empty: where plans are needed. */
const hardCaseArb = caseArb.filter((c) => {
  const req = compileRequest(c.state, c.pending);
  const nodes = Array.from({ length: c.state.nodeCount }, (_, n) => n);
  return !nodes.some((n) => fits(c.state, req, n)) && nodes.some((n) => fitsEmptyNode(c.state, req, n));
});

function specOf(
  r: fc.Arbitrary<unknown> extends never ? never : typeof podArb extends fc.Arbitrary<infer T> ? T : never,
  name: string,
): PodSpec {
  const { gpuCount, gpuMilli } = r.shape;
  return {
    name,
    cpuMilli: r.cpuMilli,
    memMiB: r.memMiB,
    gpuCount,
    gpuMilli,
    gpuTypes: gpuCount > 0 ? r.gpuTypes : [],
    qos: r.qos,
  };
}

/** Every (node, devices) where `spec` fits now: all device combinations (the brute force's moves). */
function placements(state: ClusterState, spec: PodSpec): { node: number; devices: number[] }[] {
  const req = compileRequest(state, spec);
  const out: { node: number; devices: number[] }[] = [];
  for (let node = 0; node < state.nodeCount; node++) {
    if (!fits(state, req, node)) continue;
    if (req.gpuCount === 0) {
      out.push({ node, devices: [] });
      continue;
    }
    if (!modelFits(state, req, node)) continue;
    const open: number[] = [];
    for (let d = 0; d < state.gpuCountOf(node); d++)
      if (state.gpuLeftOf(node, d) >= req.gpuMilli) open.push(d);
    const walk = (start: number, chosen: number[]): void => {
      if (chosen.length === req.gpuCount) {
        out.push({ node, devices: [...chosen] });
        return;
      }
      for (let j = start; j < open.length; j++) walk(j + 1, [...chosen, open[j]]);
    };
    walk(0, []);
  }
  return out;
}

/** The least cost (thousandths) of any sequence of ≤ k moves after which `pending` fits some node; null: none. */
function bruteForce(c: Case): number | null {
  const state = c.state.clone();
  const at = c.pods.map((p) => ({ node: p.node, devices: [...p.devices] }));
  const cost = c.pods.map((p) => {
    const m = movabilityOf(p);
    return m.movable ? m.cost : -1;
  });
  const moved = c.pods.map(() => false);
  const req = compileRequest(state, c.pending);
  let best: number | null = null;
  const search = (depth: number, spent: number): void => {
    let fitsNow = false;
    for (let node = 0; node < state.nodeCount; node++) fitsNow ||= fits(state, req, node);
    if (fitsNow) {
      if (best === null || spent < best) best = spent;
      return;
    }
    if (depth === c.maxMoves) return;
    for (const [i, p] of c.pods.entries()) {
      if (cost[i] < 0 || moved[i]) continue;
      const from = at[i];
      state.forget(from.node, p.spec, from.devices);
      for (const to of placements(state, p.spec)) {
        state.assume(to.node, p.spec, to.devices);
        at[i] = to;
        moved[i] = true;
        search(depth + 1, spent + cost[i]);
        moved[i] = false;
        at[i] = from;
        state.forget(to.node, p.spec, to.devices);
      }
      state.assume(from.node, p.spec, from.devices);
    }
  };
  search(0, 0);
  return best;
}

describe('defrag planner properties', () => {
  it('an applied plan never overcommits, re-places every moved pod, and the pending pod fits its target', () => {
    fc.assert(
      fc.property(fc.oneof(caseArb, hardCaseArb, hardCaseArb), (c) => {
        const plan = planDefrag(c.state, c.pods, c.pending, { maxMoves: c.maxMoves });
        if (!plan.feasible) return;
        expect(plan.moves.length).toBeLessThanOrEqual(c.maxMoves);
        const ids = plan.moves.map((m) => `${m.namespace}/${m.name}`);
        expect(new Set(ids).size).toBe(ids.length);
        // applyPlan assumes every step on a ClusterState, which refuses any device above 1000 milli and any CPU or
        // memory beyond capacity, and puts the pending pod on exactly the target's devices.
        const applied = applyPlan(c.state, c.pods, [c.pending], plan);
        expect(applied.ok ? '' : applied.problem).toBe('');
        expect(plan.cost).toBeCloseTo(
          plan.moves.reduce((s, m) => s + m.cost, 0),
          9,
        );
      }),
      { seed: 16, numRuns: 1500 },
    );
  });

  it('finds a plan exactly when a brute force over ≤ k ≤ 2 moves does, at the least cost, else says impossible', () => {
    fc.assert(
      fc.property(fc.oneof(caseArb, hardCaseArb, hardCaseArb), (c) => {
        const plan = planDefrag(c.state, c.pods, c.pending, { maxMoves: c.maxMoves });
        const least = bruteForce(c);
        expect(plan.exhaustive).toBe(true);
        if (least === null) {
          expect(plan.feasible).toBe(false);
          expect(plan.reason).toMatch(/^impossible within \d moves?: /);
        } else {
          expect(plan.feasible, plan.reason).toBe(true);
          expect(Math.round(plan.cost * 1000)).toBe(least);
        }
      }),
      { seed: 16, numRuns: 1500 },
    );
  });
});
