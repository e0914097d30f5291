import { describe, expect, it } from 'vitest';
import { testPlanContext } from '../../test/support/measure-plan-context.js';
import { heatMapOf, heatMapPlan } from './prometheus-heat-map.js';
import { emptyReadings } from './prometheus-readings.js';

describe('the heat map from its range queries', () => {
  // 12 h, 96 columns → buckets of 480 s, 90 columns; recorded series 12.5 s into each step.
  const ctx = testPlanContext({ recordedPhaseSec: 12.5 });
  const A = { host: 'n1', gpu: '0', model: 'NVIDIA H100' };
  const B = { host: 'n1', gpu: '1', model: 'NVIDIA A100' };
  const C = { host: 'n9', gpu: '0', model: 'NVIDIA A100' };
  const readings = emptyReadings();
  heatMapPlan.fold(
    [
      {
        metric: A,
        values: [
          [480 + 12.5, 40],
          [3 * 480 + 12.5, 60],
          [91 * 480 + 12.5, 99],
        ],
      },
      { metric: B, values: [[90 * 480 + 12.5, 7]] },
      { metric: C, values: [[480 + 12.5, 1]] },
    ],
    readings,
    ctx,
  );
  const idOf = new Map([
    [ctx.keys.device(A), 'n1/0'],
    [ctx.keys.device(B), 'n1/1'],
  ]);

  it('puts each value in the column whose bucket ends at its time, null where none', () => {
    const map = heatMapOf(readings, idOf, ctx, 10);
    expect(map.bucketSec).toBe(480);
    expect(map.rows).toEqual(['n1/1', 'n1/0']); // by model: A100 before H100; C is not a device measured
    const [b, a] = map.values;
    expect(a).toHaveLength(90);
    expect([a[0], a[1], a[2]]).toEqual([40, null, 60]);
    expect(a.filter((x) => x !== null)).toEqual([40, 60]); // 91 × 480 s lies past the window
    expect(b[89]).toBe(7);
    expect(map.omitted).toBe(0);
  });

  it('shows at most the rows asked for and counts the others', () => {
    const map = heatMapOf(readings, idOf, ctx, 1);
    expect([map.rows, map.omitted]).toEqual([['n1/1'], 1]);
  });
});
