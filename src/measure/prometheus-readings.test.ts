import { describe, expect, it } from 'vitest';
import { testPlanContext } from '../../test/support/measure-plan-context.js';
import { emptyReadings, keep } from './prometheus-readings.js';

describe('readings', () => {
  const ctx = testPlanContext();
  const a = { host: 'n1', gpu: '0', model: 'M', ns: 'x', pod: 'p' };
  const b = { host: 'n1', gpu: '1', model: 'M', ns: 'x', pod: 'q' };

  it('keeps rows in label order, whatever order Prometheus sent them in', () => {
    const r = emptyReadings();
    keep.rows('podSteps')(
      [
        { metric: b, value: 2 },
        { metric: a, value: 1 },
      ],
      r,
      ctx,
    );
    const first = r.podSteps.map((s) => s.value);
    keep.rows('podSteps')(
      [
        { metric: a, value: 1 },
        { metric: b, value: 2 },
      ],
      r,
      ctx,
    );
    expect(r.podSteps.map((s) => s.value)).toEqual(first);
  });

  it('keys figures by device, by pod on a device and by pod', () => {
    const r = emptyReadings();
    const answer = [
      { metric: a, value: 1 },
      { metric: b, value: 2 },
    ];
    keep.byDevice('busy')(answer, r, ctx);
    keep.byPodOnDevice('podBusy')(answer, r, ctx);
    keep.byPod('podFirst')(answer, r, ctx);
    expect(r.busy.get(ctx.keys.device({ host: 'n1', gpu: '1', model: 'M' }))).toBe(2);
    expect(r.podBusy.get(ctx.keys.podOnDevice(a))).toBe(1);
    expect([...r.podFirst]).toEqual([
      ['x/p', 1],
      ['x/q', 2],
    ]);
  });
});
