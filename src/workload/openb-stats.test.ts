/**
 * The openb statistics fit: on hand-made pods with known answers, on the timed fixture (window, rate, censoring,
 * diurnal detection), and on the real default trace when the offline copy is there (its key figures are printed).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../model/pod.js';
import { loadOpenbPods } from '../traces/openb.js';
import { announceSkip, sharedOpenbDir } from '../../test/support/shared.js';
import { FIXTURE_WINDOW_DAYS, timedFixturePods } from '../../test/support/workload-fixture.js';
import {
  fitOpenbStats,
  fitOpenbStatsFile,
  quantileSorted,
  shapeClass,
  summarizeOpenbStats,
} from './openb-stats.js';

function pod(over: Partial<PodSpec>): PodSpec {
  return { name: 'p', cpuMilli: 1000, memMiB: 1024, gpuCount: 0, gpuMilli: 0, gpuTypes: [], ...over };
}

describe('fitOpenbStats on hand-made pods', () => {
  const pods: PodSpec[] = [
    pod({ name: 'cpu', qos: 'BE', creationTimeSec: 0, deletionTimeSec: 100 }),
    pod({ name: 'share-a', gpuCount: 1, gpuMilli: 250, qos: 'LS', creationTimeSec: 10, deletionTimeSec: 40 }),
    pod({
      name: 'share-b',
      gpuCount: 1,
      gpuMilli: 750,
      gpuTypes: ['T4'],
      creationTimeSec: 20,
      deletionTimeSec: 20,
    }),
    pod({
      name: 'whole',
      gpuCount: 1,
      gpuMilli: 1000,
      qos: 'LS',
      creationTimeSec: 30,
      deletionTimeSec: 1000,
    }),
    pod({ name: 'multi', gpuCount: 4, gpuMilli: 1000, qos: 'LS', creationTimeSec: 40 }),
    pod({ name: 'cpu-twin', qos: 'BE', creationTimeSec: 50, deletionTimeSec: 250 }),
  ];
  // durationsFrom all: with six pods the collection window (from the first deletion) would exclude the first two.
  const stats = fitOpenbStats(pods, { source: 'hand-made', durationsFrom: 'all' });

  it('counts the four classes, the type constraints and the mean sharing request', () => {
    expect(stats.classShares).toEqual({
      'cpu-only': 2 / 6,
      sharing: 2 / 6,
      'whole-gpu': 1 / 6,
      'multi-gpu': 1 / 6,
    });
    expect(stats.typeConstrainedShare).toBeCloseTo(1 / 6, 12);
    expect(stats.typeConstrainedShareOfGpuPods).toBeCloseTo(1 / 4, 12);
    expect(stats.meanSharingGpuMilli).toBe(500);
    expect(stats.meanDevicesPerPod).toBeCloseTo((0.25 + 0.75 + 1 + 4) / 6, 12);
  });

  it('keeps whole rows (with QoS) in a table, identical requests merged and most frequent first', () => {
    expect(stats.shapes).toHaveLength(5);
    expect(stats.shapes[0]).toEqual({
      cpuMilli: 1000,
      memMiB: 1024,
      gpuCount: 0,
      gpuMilli: 0,
      gpuTypes: [],
      qos: 'BE',
      count: 2,
    });
    expect(stats.shapes.find((r) => r.gpuMilli === 750)).toMatchObject({
      gpuTypes: ['T4'],
      qos: null,
      count: 1,
    });
    expect(stats.qosMix).toEqual({ LS: 3 / 6, BE: 2 / 6, unknown: 1 / 6 });
  });

  it('treats a pod without deletion time, or deleted at the last time seen, as censored and skips zero durations', () => {
    const d = stats.durations!;
    // End of collection = 1000 (the whole pod's deletion): it is censored along with the multi pod.
    expect(d.censored).toBe(2);
    expect(d.censoredInFile).toBe(2);
    expect(d.nonPositive).toBe(1); // share-b lives 0 s
    expect(d.observed).toBe(3);
    expect(d.all.values).toEqual([30, 100, 200]);
    expect(d.all.median).toBe(100);
    expect(d.censoredLowerBounds!.values).toEqual([960, 970]);
  });

  it('is plain JSON: a round trip through JSON.stringify changes nothing', () => {
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
  });

  it('has no arrivals or durations for a pod list without times', () => {
    const s = fitOpenbStats([pod({}), pod({ gpuCount: 1, gpuMilli: 1000 })]);
    expect(s.arrivals).toBeNull();
    expect(s.durations).toBeNull();
    expect(summarizeOpenbStats(s)).toContain('arrivals: no creation times');
  });

  it('classifies multi-device pods as multi-GPU even below 1000 milli per device', () => {
    expect(shapeClass({ gpuCount: 2, gpuMilli: 500 })).toBe('multi-gpu');
    expect(shapeClass({ gpuCount: 1, gpuMilli: 999 })).toBe('sharing');
    expect(shapeClass({ gpuCount: 3, gpuMilli: 0 })).toBe('cpu-only');
  });

  it('interpolates quantiles between order statistics like numpy', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
  });
});

describe('fitOpenbStats on the timed fixture', () => {
  it('fits the rate over the collection window, not over the survivors created before it', () => {
    const pods = timedFixturePods();
    const a = fitOpenbStats(pods).arrivals!;
    expect(a.fullSpanSec / 86_400).toBeGreaterThan(39); // survivor created on day 0
    expect((a.windowEndSec - a.windowStartSec) / 86_400).toBeCloseTo(FIXTURE_WINDOW_DAYS, 1);
    expect(a.preWindowPods).toBeGreaterThanOrEqual(3);
    const inWindow = pods.length - a.preWindowPods;
    expect(a.ratePerDay).toBeCloseTo(inWindow / FIXTURE_WINDOW_DAYS, 0);
    expect(a.interArrivalCv).toBeGreaterThan(0.9);
    expect(a.interArrivalCv).toBeLessThan(1.1); // uniform arrivals: a Poisson process
  });

  it('keeps the survivors created before the window out of the duration fit unless asked', () => {
    const pods = timedFixturePods();
    const window = fitOpenbStats(pods).durations!;
    const all = fitOpenbStats(pods, { durationsFrom: 'all' }).durations!;
    expect(window.population).toBe('window');
    expect(window.beforeWindow).toBeGreaterThanOrEqual(3);
    expect(all.population).toBe('all');
    expect(all.beforeWindow).toBe(0);
    expect(all.all.max).toBeGreaterThan(window.all.max); // the survivors' weeks-long lives
  });

  it('recovers the log-uniform duration median within 10 %', () => {
    const d = fitOpenbStats(timedFixturePods()).durations!;
    expect(d.all.median / Math.sqrt(30 * 200_000)).toBeGreaterThan(0.9);
    expect(d.all.median / Math.sqrt(30 * 200_000)).toBeLessThan(1.1);
  });

  it('detects a daily cycle where there is one, with the trough and peak at the right hours', () => {
    const d = fitOpenbStats(timedFixturePods({ diurnal: true })).arrivals!.diurnal;
    expect(d.detected).toBe(true);
    expect(d.halvesCorrelation).toBeGreaterThan(0.8);
    const w = d.hourlyWeights;
    expect(w.reduce((s, x) => s + x, 0) / 24).toBeCloseTo(1, 12);
    // Rate ∝ 1 + 0.6 cos(2π(h − 20)/24): 1.6 at 20 h, 0.4 at 8 h.
    expect(w[20]).toBeGreaterThan(1.3);
    expect(w[8]).toBeLessThan(0.6);
  });

  it('does not detect a daily cycle in uniform arrivals', () => {
    const d = fitOpenbStats(timedFixturePods({ diurnal: false })).arrivals!.diurnal;
    expect(d.detected).toBe(false);
  });
});

const dir = announceSkip(sharedOpenbDir(), '[openb-stats] fit on the real default trace');
describe.skipIf(!dir)('fitOpenbStats on the real openb default trace', () => {
  it('finds the trace facts documented in the module header', async () => {
    const { pods } = await loadOpenbPods(join(dir!, 'openb_pod_list_default.csv'));
    const stats = fitOpenbStats(pods, { source: 'openb_pod_list_default.csv' });
    console.log(summarizeOpenbStats(stats));
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
    const fromFile = await fitOpenbStatsFile(join(dir!, 'openb_pod_list_default.csv'));
    expect({ ...fromFile, source: null }).toEqual({ ...stats, source: null });

    expect(stats.pods).toBe(8152);
    expect(stats.classShares['cpu-only'] * 8152).toBeCloseTo(1088, 6);
    expect(stats.classShares.sharing * 8152).toBeCloseTo(3078, 6);
    expect(stats.classShares['whole-gpu'] * 8152).toBeCloseTo(3911, 6);
    expect(stats.classShares['multi-gpu'] * 8152).toBeCloseTo(16 + 15 + 44, 6);
    expect(stats.typeConstrainedShare).toBe(0);
    expect(stats.shapes).toHaveLength(162);

    const a = stats.arrivals!;
    expect(a.firstCreationSec).toBe(0);
    expect(a.lastCreationSec).toBe(12_901_761);
    expect(a.windowStartSec).toBe(9_964_972);
    expect(a.windowEndSec).toBe(12_902_960);
    expect(a.windowPods).toBe(8119);
    expect(a.preWindowPods).toBe(33);
    expect(a.ratePerDay).toBeCloseTo(238.8, 1);
    expect(a.interArrivalCv).toBeGreaterThan(1.5);
    expect(a.diurnal.detected).toBe(true);
    expect(a.diurnal.peakToTrough).toBeGreaterThan(3);

    const d = stats.durations!;
    expect(d.censoredInFile).toBe(34);
    expect(d.censored).toBe(17);
    expect(d.beforeWindow).toBe(33);
    expect(d.nonPositive).toBe(1);
    expect(d.observed).toBe(8101);
    expect(d.all.median).toBe(539);
    expect(d.all.p90).toBeCloseTo(5937, -1);
    expect(d.byClass['multi-gpu']!.n).toBe(72);
  });
});
