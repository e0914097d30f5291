/**
 * Stranded device-hours from the scheduler's fragmentation history: the integral of piecewise-constant points
 * over the window, and a clear error when the scheduler cannot be reached.
 */
import { describe, expect, it } from 'vitest';
import { applyStranded, fetchSchedulerHistory, strandedDeviceHours } from './stranded.js';
import type { MeasureResult } from './types.js';

const H = 3600;

describe('strandedDeviceHours', () => {
  it('integrates each point until the next, within the window only', () => {
    const points = [
      { t: 0, fragAmountGpus: 2 },
      { t: 2 * H * 1000, fragAmountGpus: 4 },
      { t: 3 * H * 1000, fragAmountGpus: null },
      { t: 4 * H * 1000, fragAmountGpus: 1 },
    ];
    // Window 1 h .. 6 h: 1 h at 2, 1 h at 4, 1 h unknown, 2 h at 1.
    expect(strandedDeviceHours(points, H, 6 * H)).toEqual({ hours: 2 + 4 + 2, coveredSec: 4 * H });
    // Before the first point nothing is known.
    expect(strandedDeviceHours(points.slice(1), 0, 3 * H)).toEqual({ hours: 4, coveredSec: H });
    expect(strandedDeviceHours([], 0, H)).toEqual({ hours: 0, coveredSec: 0 });
  });

  it('sets the result and says where the figure comes from', () => {
    const result = {
      from: new Date(0).toISOString(),
      to: new Date(2 * H * 1000).toISOString(),
      deviceHours: { stranded: 0 },
      assumptions: [] as string[],
    } as unknown as MeasureResult;
    applyStranded(result, [{ t: H * 1000, fragAmountGpus: 3 }], 'test');
    expect(result.deviceHours.stranded).toBe(3);
    expect(result.assumptions[0]).toMatch(/from test's fragmentation history .* 50\.0 % of the window/);
  });

  it('names --scheduler when the service cannot be reached', async () => {
    await expect(fetchSchedulerHistory('http://127.0.0.1:9')).rejects.toThrow(
      /--scheduler: cannot reach hyperfleet serve/,
    );
  });
});
