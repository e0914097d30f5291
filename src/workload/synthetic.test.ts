/**
 * The synthetic workload generator: determinism, the fitted mix and durations reproduced at 100k pods, the
 * arrival process (count, horizon, mean gap, rate mode, daily cycle), the columnar stream, the spec-string
 * parser's messages (pinned: they are the user interface), and a million-pod stream (time and memory logged).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, InputError } from '../errors/index.js';
import { loadOpenbPods } from '../traces/openb.js';
import { sharedOpenbDir } from '../../test/support/shared.js';
import { timedFixturePods } from '../../test/support/workload-fixture.js';
import {
  fitOpenbStats,
  quantileSorted,
  shapeClass,
  type OpenbStats,
  type ShapeClass,
} from './openb-stats.js';
import {
  chunkPod,
  expectedLoad,
  generateWorkload,
  generateWorkloadChunks,
  parseSyntheticSpec,
  streamWorkload,
  type GenerateOptions,
  type WorkloadPod,
} from './synthetic.js';

const DAY = 86_400;
const fixtureStats = fitOpenbStats(timedFixturePods(), { source: 'fixture' });
const diurnalStats = fitOpenbStats(timedFixturePods({ diurnal: true }), { source: 'fixture, diurnal' });

/** |observed − expected| within 5 binomial standard deviations (the seed is fixed, so this never flakes). */
function expectShare(observed: number, expected: number, n: number): void {
  const sd = Math.sqrt((expected * (1 - expected)) / n);
  expect(Math.abs(observed - expected)).toBeLessThanOrEqual(5 * sd + 1e-12);
}

function mixOf(pods: readonly WorkloadPod[]) {
  const classes: Record<ShapeClass, number> = { 'cpu-only': 0, sharing: 0, 'whole-gpu': 0, 'multi-gpu': 0 };
  let constrained = 0;
  let sharingMilli = 0;
  for (const p of pods) {
    const c = shapeClass(p);
    classes[c]++;
    if (c === 'sharing') sharingMilli += p.gpuMilli;
    if (c !== 'cpu-only' && p.gpuTypes.length > 0) constrained++;
  }
  return { classes, constrained, meanSharingMilli: sharingMilli / classes.sharing };
}

describe('generateWorkload', () => {
  const base: GenerateOptions = { stats: fixtureStats, pods: 2_000, days: 3, seed: 42 };

  it('gives deep-equal pods for the same seed and different pods for another seed', () => {
    const a = generateWorkload(base);
    expect(generateWorkload(base)).toEqual(a);
    // Statistics saved as JSON and read back drive the same workload.
    const revived = JSON.parse(JSON.stringify(fixtureStats)) as OpenbStats;
    expect(generateWorkload({ ...base, stats: revived })).toEqual(a);
    const b = generateWorkload({ ...base, seed: 43 });
    expect(b).not.toEqual(a);
    expect(b.map((p) => p.arrivalSec)).not.toEqual(a.map((p) => p.arrivalSec));
  });

  it('names pods synthetic-pod-0000001… in arrival order and assigns synthetic Zipf teams', () => {
    const pods = generateWorkload(base);
    expect(pods[0].name).toBe('synthetic-pod-0000001');
    expect(pods[1999].name).toBe('synthetic-pod-0002000');
    for (let i = 1; i < pods.length; i++)
      expect(pods[i].arrivalSec).toBeGreaterThanOrEqual(pods[i - 1].arrivalSec);
    const teams = new Map<string, number>();
    for (const p of pods) teams.set(p.team!, (teams.get(p.team!) ?? 0) + 1);
    expect([...teams.keys()].sort()).toEqual(Array.from({ length: 8 }, (_, i) => `team-0${i + 1}`));
    // Shares ∝ 1/rank: team-01 has about twice team-02's pods.
    expect(teams.get('team-01')! / teams.get('team-02')!).toBeGreaterThan(1.6);
    expect(teams.get('team-01')! / teams.get('team-02')!).toBeLessThan(2.5);
    expect(generateWorkload({ ...base, teams: 0 }).every((p) => p.team === undefined)).toBe(true);
  });

  it('yields the same pods from the array, the stream and the columnar chunks', () => {
    const array = generateWorkload(base);
    const fromChunks: WorkloadPod[] = [];
    let chunks = 0;
    for (const c of generateWorkloadChunks(base, 300)) {
      chunks++;
      for (let i = 0; i < c.length; i++) fromChunks.push(chunkPod(c, i));
    }
    expect(chunks).toBe(7);
    expect(fromChunks).toEqual(array);
    expect([...streamWorkload(base)]).toEqual(array);
  });

  it('returns nothing for zero pods', () => {
    expect(generateWorkload({ ...base, pods: 0 })).toEqual([]);
    expect([...generateWorkloadChunks({ ...base, pods: 0 })]).toEqual([]);
  });

  it('refuses statistics without durations and bad options with InputErrors', () => {
    const noTimes: OpenbStats = { ...fixtureStats, arrivals: null, durations: null };
    expect(() => generateWorkload({ ...base, stats: noTimes })).toThrow(/statistics with durations/);
    expect(() => generateWorkload({ ...base, days: 0 })).toThrow(InputError);
    expect(() => generateWorkload({ ...base, pods: 1.5 })).toThrow(/pods: expected a whole number/);
    expect(() => generateWorkload({ ...base, arrivalRate: -1 })).toThrow(/arrivalRate/);
  });
});

describe('the generated mix at 100,000 pods matches the fitted shares', () => {
  const dir = sharedOpenbDir();
  const cases: [string, () => Promise<OpenbStats>][] = [['the timed fixture', async () => fixtureStats]];
  if (dir) {
    cases.push([
      'the real default trace',
      async () =>
        fitOpenbStats((await loadOpenbPods(join(dir, 'openb_pod_list_default.csv'))).pods, {
          source: 'default',
        }),
    ]);
  }
  it.each(cases)(
    'on %s: classes, type constraints, mean sharing request, duration median',
    async (_, load) => {
      const stats = await load();
      const N = 100_000;
      const pods = generateWorkload({ stats, pods: N, days: 30, seed: 7 });
      expect(pods).toHaveLength(N);
      const mix = mixOf(pods);
      for (const c of ['cpu-only', 'sharing', 'whole-gpu', 'multi-gpu'] as const) {
        expectShare(mix.classes[c] / N, stats.classShares[c], N);
      }
      expectShare(mix.constrained / N, stats.typeConstrainedShare, N);
      expect(mix.meanSharingMilli / stats.meanSharingGpuMilli).toBeCloseTo(1, 1); // within 5 %
      expect(Math.abs(mix.meanSharingMilli / stats.meanSharingGpuMilli - 1)).toBeLessThan(0.01);

      const durations = Float64Array.from(pods, (p) => p.durationSec).sort();
      const median = quantileSorted(durations, 0.5);
      console.log(
        `[synthetic] ${stats.source ?? 'trace'}: duration median ${median} s generated vs ${stats.durations!.all.median} s fitted`,
      );
      expect(Math.abs(median / stats.durations!.all.median - 1)).toBeLessThan(0.05);
      // Nothing outlives the 30-day window (default clipping).
      expect(durations[durations.length - 1]).toBeLessThanOrEqual(30 * DAY);
    },
  );

  it('reproduces the shapes exactly as table rows (no field mixed from another row)', () => {
    const keys = new Set(
      fixtureStats.shapes.map((r) => JSON.stringify([r.cpuMilli, r.memMiB, r.gpuCount, r.gpuMilli])),
    );
    for (const p of generateWorkload({ stats: fixtureStats, pods: 5_000, days: 1, seed: 1 })) {
      expect(keys.has(JSON.stringify([p.cpuMilli, p.memMiB, p.gpuCount, p.gpuMilli]))).toBe(true);
    }
  });

  it('offers the load expectedLoad predicts (device-seconds per pod within 5 %)', () => {
    const N = 100_000;
    const opts = { stats: fixtureStats, pods: N, days: 30 };
    let devSec = 0;
    for (const p of streamWorkload({ ...opts, seed: 3 }))
      devSec += ((p.gpuCount * p.gpuMilli) / 1000) * p.durationSec;
    const e = expectedLoad(opts);
    expect(Math.abs(devSec / N / e.deviceSecondsPerPod - 1)).toBeLessThan(0.05);
    expect(e.meanBusyDevices).toBeCloseTo((N * e.deviceSecondsPerPod) / (30 * DAY), 6);
  });
});

describe('arrivals', () => {
  it('spread N pods over D days: last arrival ≤ D days, mean gap D·86,400/N within 2 %', () => {
    for (const [stats, name] of [
      [fixtureStats, 'flat'],
      [diurnalStats, 'diurnal'],
    ] as const) {
      const N = 100_000;
      const D = 30;
      let last = 0;
      let count = 0;
      for (const c of generateWorkloadChunks({ stats, pods: N, days: D, seed: 11 })) {
        count += c.length;
        last = c.arrivalSec[c.length - 1];
      }
      expect(count, name).toBe(N);
      expect(last, name).toBeLessThanOrEqual(D * DAY);
      expect(last, name).toBeGreaterThan(0.999 * D * DAY);
      expect(Math.abs(last / N / ((D * DAY) / N) - 1), name).toBeLessThan(0.02);
    }
  });

  it('have exponential gaps (coefficient of variation ≈ 1) without a daily cycle', () => {
    const pods = generateWorkload({ stats: fixtureStats, pods: 50_000, days: 10, seed: 5, teams: 0 });
    const gaps = pods.slice(1).map((p, i) => p.arrivalSec - pods[i].arrivalSec);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
    expect(sd / mean).toBeGreaterThan(0.97);
    expect(sd / mean).toBeLessThan(1.03);
  });

  it("follow the trace's rate with arrivalRate 'trace', stopping at the horizon", () => {
    const D = 20;
    const pods = generateWorkload({
      stats: fixtureStats,
      pods: 1_000_000,
      days: D,
      seed: 9,
      arrivalRate: 'trace',
    });
    const expected = fixtureStats.arrivals!.ratePerSec * D * DAY;
    expect(Math.abs(pods.length - expected)).toBeLessThan(5 * Math.sqrt(expected));
    expect(pods[pods.length - 1].arrivalSec).toBeLessThanOrEqual(D * DAY);
  });

  it('stop at N pods when the rate would fill the window with more', () => {
    const pods = generateWorkload({ stats: fixtureStats, pods: 500, days: 30, seed: 9, arrivalRate: 1 });
    expect(pods).toHaveLength(500);
    expect(pods[499].arrivalSec).toBeLessThan(1_000); // 500 pods at 1/s take about 500 s
  });

  it('follow the fitted hourly profile when the trace has a daily cycle', () => {
    const N = 200_000;
    const count = new Array<number>(24).fill(0);
    for (const c of generateWorkloadChunks({ stats: diurnalStats, pods: N, days: 30, seed: 2 })) {
      for (const t of c.arrivalSec) count[Math.floor((t % DAY) / 3600)]++;
    }
    const w = diurnalStats.arrivals!.diurnal.hourlyWeights;
    for (let h = 0; h < 24; h++)
      expect(Math.abs((count[h] * 24) / N / w[h] - 1), `hour ${h}`).toBeLessThan(0.05);
    // And not when told not to.
    const flat = new Array<number>(24).fill(0);
    for (const c of generateWorkloadChunks({
      stats: diurnalStats,
      pods: N,
      days: 30,
      seed: 2,
      diurnal: false,
    })) {
      for (const t of c.arrivalSec) flat[Math.floor((t % DAY) / 3600)]++;
    }
    expect(Math.max(...flat) / Math.min(...flat)).toBeLessThan(1.1);
  });
});

describe('durations', () => {
  const opts = { stats: fixtureStats, pods: 20_000, days: 1, seed: 4 };

  it("clip at the window length by default and flag clipped pods censored; 'end' ends every pod by the horizon", () => {
    const windowClip = generateWorkload(opts);
    expect(Math.max(...windowClip.map((p) => p.durationSec))).toBe(DAY);
    expect(windowClip.filter((p) => p.censored).every((p) => p.durationSec === DAY)).toBe(true);
    const endClip = generateWorkload({ ...opts, durationClip: 'end' });
    for (const p of endClip) expect(p.arrivalSec + p.durationSec).toBeLessThanOrEqual(DAY + 1e-6);
    const none = generateWorkload({ ...opts, durationClip: 'none' });
    expect(Math.max(...none.map((p) => p.durationSec))).toBeGreaterThan(DAY);
  });

  it('stretch with scale.duration', () => {
    const a = generateWorkload({ ...opts, durationClip: 'none' });
    const b = generateWorkload({ ...opts, durationClip: 'none', scale: { duration: 2 } });
    expect(b.map((p) => p.durationSec)).toEqual(a.map((p) => 2 * p.durationSec));
  });

  it('mix in the censored lower bounds only when asked, flagged censored', () => {
    const withCensored = generateWorkload({ ...opts, days: 60, includeCensored: true });
    const share = withCensored.filter((p) => p.censored).length / withCensored.length;
    const d = fixtureStats.durations!;
    expectShare(share, d.censored / (d.censored + d.observed), withCensored.length);
    expect(generateWorkload({ ...opts, days: 60 }).some((p) => p.censored)).toBe(false);
  });
});

describe('parseSyntheticSpec', () => {
  const message = (spec: string, defaults?: { seed?: number }): string => {
    try {
      parseSyntheticSpec(spec, defaults);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).code).toBe(ErrorCode.InvalidOption);
      return (e as InputError).message;
    }
    throw new Error(`${spec} parsed`);
  };

  it('parses pods, days, seed and the optional rate with its unit', () => {
    expect(parseSyntheticSpec('synthetic:pods=1000000,days=30,seed=42')).toEqual({
      pods: 1_000_000,
      days: 30,
      seed: 42,
    });
    expect(parseSyntheticSpec('synthetic:pods=1_000,days=0.5,seed=-3,rate=trace')).toEqual({
      pods: 1000,
      days: 0.5,
      seed: -3,
      arrivalRate: 'trace',
    });
    expect(parseSyntheticSpec('synthetic:pods=1e6,days=7,seed=1,rate=240/d').arrivalRate).toBeCloseTo(
      240 / DAY,
      15,
    );
    expect(parseSyntheticSpec('synthetic:pods=10,days=7,seed=1,rate=10/h').arrivalRate).toBeCloseTo(
      10 / 3600,
      15,
    );
    expect(parseSyntheticSpec('synthetic: pods = 10 , days=7', { seed: 5 })).toEqual({
      pods: 10,
      days: 7,
      seed: 5,
    });
  });

  it('reports a wrong prefix', () => {
    expect(message('pods=10,days=1,seed=1')).toMatchInlineSnapshot(
      `"workload: expected synthetic:pods=N,days=D,seed=S[,rate=trace|R/s|R/min|R/h|R/d], got "pods=10,days=1,seed=1""`,
    );
  });

  it('reports unknown keys, items without "=", and repeated keys', () => {
    expect(message('synthetic:pods=10,days=1,seed=1,podz=5,verbose,days=2')).toMatchInlineSnapshot(`
      "synthetic: unknown key "podz", expected pods, days, seed or rate, got "podz=5"
      synthetic: each item must be key=value, expected synthetic:pods=N,days=D,seed=S[,rate=trace|R/s|R/min|R/h|R/d], got "verbose"
      synthetic.days: given twice, got "days=2""
    `);
  });

  it('reports bad values, all at once', () => {
    expect(message('synthetic:pods=ten,days=-1,seed=1.5,rate=240')).toMatchInlineSnapshot(`
      "synthetic.pods: expected a whole number of pods in [1, 100000000], got "ten"
      synthetic.days: expected a number of days in (0, 3650], got "-1"
      synthetic.seed: expected a whole number, got "1.5"
      synthetic.rate: expected trace, or pods per unit time > 0 with the unit, e.g. 240/d, 10/h, 0.003/s, got "240""
    `);
    expect(message('synthetic:pods=0,days=9999,seed=0x10,rate=0/s')).toMatchInlineSnapshot(`
      "synthetic.pods: expected a whole number of pods in [1, 100000000], got "0"
      synthetic.days: expected a number of days in (0, 3650], got "9999"
      synthetic.seed: expected a whole number, got "0x10"
      synthetic.rate: expected trace, or pods per unit time > 0 with the unit, e.g. 240/d, 10/h, 0.003/s, got "0/s""
    `);
  });

  it('reports missing keys, and accepts a missing seed only with a default', () => {
    expect(message('synthetic:')).toMatchInlineSnapshot(`
      "synthetic.pods: missing, expected pods=N, e.g. pods=100000
      synthetic.days: missing, expected days=D, e.g. days=30
      synthetic.seed: missing, expected seed=S, e.g. seed=42"
    `);
    expect(parseSyntheticSpec('synthetic:pods=5,days=1', { seed: 9 }).seed).toBe(9);
  });
});

describe('a million pods', () => {
  it('streams 1,000,000 pods over 30 days (time and memory logged, not asserted)', async () => {
    const dir = sharedOpenbDir();
    if (!dir)
      console.warn('[synthetic] ../shared/traces not found: the 1M-pod run uses the fixture statistics');
    const stats = dir
      ? fitOpenbStats((await loadOpenbPods(join(dir, 'openb_pod_list_default.csv'))).pods)
      : fixtureStats;
    const opts: GenerateOptions = { stats, pods: 1_000_000, days: 30, seed: 1 };
    globalThis.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let t0 = performance.now();
    let n = 0;
    let gpuMilliSec = 0;
    let last = 0;
    for (const p of streamWorkload(opts)) {
      n++;
      gpuMilliSec += p.gpuCount * p.gpuMilli * p.durationSec;
      last = p.arrivalSec;
    }
    const streamMs = performance.now() - t0;
    const heapStream = process.memoryUsage().heapUsed - heap0;
    t0 = performance.now();
    let m = 0;
    for (const c of generateWorkloadChunks(opts)) m += c.length;
    const chunkMs = performance.now() - t0;
    console.log(
      `[synthetic] 1,000,000 pods over 30 days: object stream ${streamMs.toFixed(0)} ms, columnar chunks ` +
        `${chunkMs.toFixed(0)} ms; heap growth during the stream ${(heapStream / 2 ** 20).toFixed(1)} MiB, ` +
        `rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; offered ` +
        `${(gpuMilliSec / 1000 / 3600).toFixed(0)} device-hours (mean ${(gpuMilliSec / 1000 / (30 * DAY)).toFixed(0)} ` +
        `busy devices)`,
    );
    expect(n).toBe(1_000_000);
    expect(m).toBe(1_000_000);
    expect(last).toBeLessThanOrEqual(30 * DAY);
  });
});
