/**
 * One path for a synthetic workload: the streamed pass (`streamWorkloadSpec`, what demand files read), the
 * reopenable passes (`openSynthetic`, what `run` streams) and the list (`loadWorkload`) give the same pods.
 */
import { describe, expect, it } from 'vitest';
import { announceSkip, sharedOpenbDir } from '../../test/support/shared.js';
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
});
