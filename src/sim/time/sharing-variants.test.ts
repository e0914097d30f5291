import { describe, expect, it } from 'vitest';
import { makeNode, sharingPod, wholeGpuPod } from '../../../test/support/builders.js';
import { SharingVariants } from './sharing-variants.js';
import type { ShareResult } from './time-sim-input.js';

// Four pools: two share in halves (like the Zhenwu PPU), one by free milli-shares, one only whole devices.
const MODELS = ['ppu', 'gpu', 'whole', 'ppu2'];
const nodes = MODELS.map((m) => makeNode({ name: m, gpuCount: 2, gpuModel: m }));
const nodePool = Int32Array.from([0, 1, 2, 3]);
const shareOn = (pool: number, milli: number): ShareResult => {
  if (MODELS[pool] === 'gpu') return { ok: true, milli };
  if (MODELS[pool] === 'whole') return { ok: false, reason: 'whole devices only' };
  return { ok: true, milli: milli <= 500 ? 500 : 1000 };
};

describe('sharing variants', () => {
  it('gives one variant per distinct rounding, restricted to the models that round so', () => {
    const variants = new SharingVariants(nodes, nodePool, 4, 1, shareOn);
    const pod = sharingPod(300);
    expect(variants.of(0, pod)).toEqual([
      { ...pod, gpuMilli: 500, gpuTypes: ['ppu', 'ppu2'] },
      { ...pod, gpuMilli: 300, gpuTypes: ['gpu'] },
    ]);
  });

  it('keeps the pod’s own model list when one rounding serves every model it allows', () => {
    const variants = new SharingVariants(nodes, nodePool, 4, 2, shareOn);
    const onPpu = sharingPod(300, { gpuTypes: ['ppu'] });
    expect(variants.of(0, onPpu)).toEqual([{ ...onPpu, gpuMilli: 500 }]);
    // Where a model it allows refuses, the variant names the models that accept.
    const anywhereButGpu = sharingPod(300, { gpuTypes: ['ppu', 'whole'] });
    expect(variants.of(1, anywhereButGpu)).toEqual([{ ...anywhereButGpu, gpuMilli: 500, gpuTypes: ['ppu'] }]);
  });

  it('gives the reasons when no model the pod allows accepts its share', () => {
    const variants = new SharingVariants(nodes, nodePool, 4, 1, shareOn);
    expect(variants.of(0, sharingPod(300, { gpuTypes: ['whole'] }))).toBe('whole devices only');
  });

  it('places whole-device pods, and every pod without a sharing rule, as they ask', () => {
    const whole = wholeGpuPod(1);
    expect(new SharingVariants(nodes, nodePool, 4, 1, shareOn).of(0, whole)).toEqual([whole]);
    const share = sharingPod(300);
    expect(new SharingVariants(nodes, nodePool, 4, 1).of(0, share)).toEqual([share]);
  });

  it('builds each request shape once but gives every pod variants of its own spec', () => {
    let asked = 0;
    const counting = (pool: number, milli: number) => (asked++, shareOn(pool, milli));
    const variants = new SharingVariants(nodes, nodePool, 4, 2, counting);
    const [a, b] = [sharingPod(300, { name: 'a' }), sharingPod(300, { name: 'b' })];
    variants.of(0, a);
    const askedForOne = asked;
    const forB = variants.of(1, b);
    expect(asked).toBe(askedForOne);
    expect(forB).toEqual([
      { ...b, gpuMilli: 500, gpuTypes: ['ppu', 'ppu2'] },
      { ...b, gpuMilli: 300, gpuTypes: ['gpu'] },
    ]);
    expect(variants.of(1, b)).toBe(forB); // a pod retried from the queue reuses its own
  });
});
