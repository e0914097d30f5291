import { describe, expect, it } from 'vitest';
import { ClusterState } from '../model/cluster-state.js';
import { GoRand } from '../rng/go-rand.js';
import { makeNode, makePod, sharingPod, typicalOf, wholeGpuPod } from '../../test/support/builders.js';
import { FgdPolicy, fgdScoreOfDelta } from './fgd.js';
import { FRAG_CATEGORY_COUNT, FRAG_STRIDE, FragMeasure } from './frag.js';
import { compileRequest } from './pod-request.js';

// The worked example of specs/fgd-reproduction.md §5.4 (values computed by hand there).
const typical = typicalOf([
  { cpuMilli: 8000, gpuMilli: 0, gpuCount: 0, freq: 0.2 }, // A: CPU-only
  { cpuMilli: 4000, gpuMilli: 300, gpuCount: 1, freq: 0.3 }, // B: sharing
  { cpuMilli: 12000, gpuMilli: 1000, gpuCount: 1, freq: 0.3 }, // C: one whole GPU
  { cpuMilli: 88000, gpuMilli: 1000, gpuCount: 8, freq: 0.2 }, // D: eight GPUs
]);

/** G2 node, 8 GPUs, cpuLeft 40000, gpuLeft [1000×6, 500, 200]. */
function exampleState(): ClusterState {
  const state = new ClusterState([makeNode({ name: 'n0', cpuMilli: 40000, gpuModel: 'G2' })]);
  state.assume(0, sharingPod(500, { cpuMilli: 0, memMiB: 0 }), [6]);
  state.assume(0, sharingPod(800, { cpuMilli: 0, memMiB: 0 }), [7]);
  return state;
}

describe('FGD fragmentation measure', () => {
  it('classifies the worked example node into the published 7-vector', () => {
    const state = exampleState();
    const measure = new FragMeasure(typical, state.models, 8);
    const e = measure.lookup(0, state.cpuLeft[0], state.gpuLeft, 0, 8);
    const vector = Array.from(
      measure.values.subarray(e * FRAG_STRIDE, e * FRAG_STRIDE + FRAG_CATEGORY_COUNT),
    );
    expect(vector.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1340, 270, 3750, 0, 1340, 0, 0]);
    expect(measure.frag(0, state.cpuLeft[0], state.gpuLeft, 0, 8)).toBeCloseTo(2950, 9);
  });

  it('gives the same F whatever the order of the device remainders', () => {
    const measure = new FragMeasure(typical, ['G2'], 8);
    const a = measure.frag(0, 40000, Int32Array.from([200, 500, 1000, 1000, 1000, 1000, 1000, 1000]), 0, 8);
    const fresh = new FragMeasure(typical, ['G2'], 8);
    const b = fresh.frag(0, 40000, Int32Array.from([1000, 1000, 1000, 500, 1000, 1000, 200, 1000]), 0, 8);
    expect(a).toBe(b);
  });

  it('keeps memoised values correct while the table grows', () => {
    const measure = new FragMeasure(typical, ['G2'], 8);
    const reference = new FragMeasure(typical, ['G2'], 8);
    const left = new Int32Array(8);
    const rng = new GoRand(7);
    for (let i = 0; i < 40000; i++) {
      for (let g = 0; g < 8; g++) left[g] = rng.intn(11) * 100;
      const cpu = rng.intn(100) * 1000;
      const got = measure.frag(0, cpu, left, 0, 8);
      if (i % 97 === 0) expect(got).toBe(reference.frag(0, cpu, left, 0, 8));
    }
    expect(measure.memoSize).toBeGreaterThan(1 << 14); // past the initial capacity: the table grew
  });
});

describe('FGD policy', () => {
  const ctx = { state: exampleState(), rng: new GoRand(1) };
  const fgd = new FgdPolicy(typical);

  it('scores a sharing pod by its best device and picks that device (worked example: 53 on GPU 6)', () => {
    const req = compileRequest(ctx.state, sharingPod(300, { cpuMilli: 4000 }));
    expect(fgd.score(ctx, req, 0)).toBe(53);
    expect(fgd.pickDevices(ctx, req, 0)).toEqual([6]);
  });

  it('scores a whole-GPU pod 59 and gives it the lowest free device', () => {
    const req = compileRequest(ctx.state, wholeGpuPod(1, { cpuMilli: 12000 }));
    expect(fgd.score(ctx, req, 0)).toBe(59);
    expect(fgd.pickDevices(ctx, req, 0)).toEqual([0]);
  });

  it('scores a CPU-only pod that changes no category 50', () => {
    const req = compileRequest(ctx.state, makePod({ cpuMilli: 8000 }));
    expect(fgd.score(ctx, req, 0)).toBe(50);
    expect(fgd.pickDevices(ctx, req, 0)).toEqual([]);
  });

  it('truncates 100·sigmoid, so float noise below zero scores 49', () => {
    expect(fgdScoreOfDelta(1000, 1000)).toBe(50);
    expect(fgdScoreOfDelta(0, 3.4e-13)).toBe(49);
    expect(fgdScoreOfDelta(150, 0)).toBe(53);
    expect(fgdScoreOfDelta(0, 90)).toBe(47);
  });
});
