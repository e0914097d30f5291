/**
 * One path for a synthetic workload: the streamed pass (`streamWorkloadSpec`, what demand files read), the
 * reopenable passes (`openSynthetic`, what `run` streams) and the list (`loadWorkload`) give the same pods.
 */
import { describe, expect, it } from 'vitest';
import { announceSkip, sharedOpenbDir } from '../../test/support/shared.js';
import type { PodSpec } from '../model/index.js';
import { typicalOfShapes, typicalPods } from '../policies/index.js';
import { loadWorkload, openSynthetic, streamWorkloadSpec } from './load-workload.js';

const openb = announceSkip(sharedOpenbDir(), '[load-workload] a synthetic workload (openb default trace)');

describe.skipIf(!openb)('a synthetic workload', () => {
  it('is the same pods streamed, reopened and listed', async () => {
    const spec = 'synthetic:pods=200,days=3,seed=9';
    const listed = await loadWorkload(spec, 1);
    const streamed = await streamWorkloadSpec(spec, 1);
    const reopenable = await openSynthetic(spec, 1);
    expect(listed.pods).toHaveLength(200);
    expect([...streamed.pods]).toEqual(listed.pods);
    expect([...reopenable.open()]).toEqual(listed.pods);
    expect(streamed.description).toBe(listed.description);
    expect(listed.description).toMatch(/^synthetic: 200 pods over 3 days, seed 9, fitted to /);
  });

  it('counts the shapes of the pods a pass gives, and so gives the same typical workload', async () => {
    const reopenable = await openSynthetic('synthetic:pods=3000,days=5,seed=4', 1);
    const { shapes, counts, total } = reopenable.shapeCounts();
    const pods = [...reopenable.open()];
    expect(total).toBe(3000);
    const keyOf = (p: Omit<PodSpec, 'name'>) =>
      [p.cpuMilli, p.memMiB, p.gpuMilli, p.gpuCount, p.gpuTypes.join('|'), p.qos].join('/');
    const byShape = new Map<string, number>();
    for (const p of pods) {
      const key = keyOf(p);
      byShape.set(key, (byShape.get(key) ?? 0) + 1);
    }
    const counted = new Map<string, number>();
    shapes.forEach((shape, s) => {
      if (counts[s] === 0) return;
      const key = keyOf(shape);
      counted.set(key, (counted.get(key) ?? 0) + counts[s]);
    });
    expect([...counted].sort()).toEqual([...byShape].sort());
    expect(typicalOfShapes(shapes, counts, total)).toEqual(typicalPods(pods));
  });
});
