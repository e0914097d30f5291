import { describe, expect, it } from 'vitest';
import { MAX_JOB_HOURS, MIN_JOB_HOURS, trainingJobs } from './training-jobs.js';

const spec = { deviceHours: 250_000, maxDevices: 8, maxHours: 500, seed: 3, name: 't' };
const deviceHours = (jobs: ReturnType<typeof trainingJobs>) =>
  jobs.reduce((s, j) => s + (j.gpuCount * j.durationSec) / 3600, 0);

describe('trainingJobs', () => {
  it('adds up to the demand exactly, in whole-device jobs of powers of two up to a node, as a backlog', () => {
    const jobs = trainingJobs(spec);
    expect(deviceHours(jobs)).toBeCloseTo(spec.deviceHours, 6);
    for (const j of jobs) {
      expect([1, 2, 4, 8]).toContain(j.gpuCount);
      expect(j.gpuMilli).toBe(1000);
      expect(j.arrivalSec).toBe(0);
    }
    // Every job but the last (shortened to hit the total) lies within the duration bounds.
    for (const j of jobs.slice(0, -1)) {
      expect(j.durationSec / 3600).toBeGreaterThanOrEqual(MIN_JOB_HOURS);
      expect(j.durationSec / 3600).toBeLessThanOrEqual(MAX_JOB_HOURS);
    }
    // Sizes are drawn in proportion to size: the node-sized jobs carry the most device-hours.
    const bySize = new Map<number, number>();
    for (const j of jobs) bySize.set(j.gpuCount, (bySize.get(j.gpuCount) ?? 0) + j.gpuCount * j.durationSec);
    expect(Math.max(...bySize.values())).toBe(bySize.get(8));
  });

  it('caps durations for a slow chip and sizes for a small node', () => {
    const jobs = trainingJobs({ ...spec, maxDevices: 4, maxHours: 20 });
    expect(deviceHours(jobs)).toBeCloseTo(spec.deviceHours, 6);
    for (const j of jobs) {
      expect(j.gpuCount).toBeLessThanOrEqual(4);
      expect(j.durationSec / 3600).toBeLessThanOrEqual(20 + 1e-9);
    }
  });

  it('is the same set for the same seed and another for another seed', () => {
    expect(trainingJobs(spec)).toEqual(trainingJobs(spec));
    expect(trainingJobs({ ...spec, seed: 4 })).not.toEqual(trainingJobs(spec));
    expect(trainingJobs({ ...spec, deviceHours: 0 })).toEqual([]);
  });
});
