/**
 * `hyperfleet run` end to end on a fleet file and workloads the test writes itself: the JSON contract of the
 * issue, conservation of device time through the CLI, bad fleet/workload files, and a pool priced nowhere (it
 * runs, its costs unknown; only the price-weighing policies are refused).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

let dir: string;
let fleet: string;
let pods: string;

beforeAll(() => {
  dir = tempDir('hyperfleet-run-');
  fleet = join(dir, 'fleet.yaml');
  writeFileSync(
    fleet,
    [
      'site: { pue: 1.3, electricityUsdPerKWh: 0.08 }',
      'pools:',
      '  - { name: zw, accelerator: t-head-zhenwu-810e, nodes: 4, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576, capex: { usdPerDevice: 12000 } }',
      '  - { name: h20, accelerator: nvidia-h20, nodes: 4, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 }',
      '',
    ].join('\n'),
  );
  // An openb-format pod list with times: 60 pods, one every 10 minutes, each running an hour.
  const rows = Array.from({ length: 60 }, (_, i) => {
    const kind = i % 3;
    const [gpus, milli] = kind === 0 ? [0, 0] : kind === 1 ? [1, 300] : [1, 1000];
    return `pod-${String(i).padStart(3, '0')},4000,8192,${gpus},${milli},,LS,Running,${i * 600},${i * 600 + 3600},${i * 600}`;
  });
  pods = join(dir, 'pods.csv');
  writeFileSync(
    pods,
    'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n' +
      rows.join('\n') +
      '\n',
  );
});

describe('hyperfleet run', () => {
  it('prints the JSON the issue asks for', () => {
    const r = runCli(['run', '--fleet', fleet, '--workload', pods, '--policy', 'fgd', '--json']);
    expect(r.stderr).not.toMatch(/✖|internal error/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ policy: 'fgd', seed: 42, devices: 64, pods: 60, placed: 60 });
    for (const key of ['allocated', 'idle', 'stranded']) expect(typeof out.deviceHours[key]).toBe('number');
    for (const key of ['queueDelaySec', 'jctSec']) {
      for (const p of ['p50', 'p95', 'p99']) expect(out[key][p]).toBeGreaterThanOrEqual(0);
    }
    expect(Object.keys(out.perModel).sort()).toEqual(['nvidia-h20', 't-head-zhenwu-810e']);
    expect(out.energyKWh).toBeGreaterThan(0);
    expect(out.costUsd).toBeGreaterThan(0);
    // The Zhenwu's compute is an assumption, and the output says so.
    expect(out.assumptions.join('\n')).toMatch(/t-head-zhenwu-810e: bf16Tflops = \d+ \(assumed/);
  });

  it('conserves device time: allocated device-hours = Σ rounded request × run time, per model', () => {
    // With the H20 as the reference, both models run at speed 1 (the Zhenwu's parity is the catalog's assumption),
    // so every GPU pod holds its share for exactly 3600 s. Sharing pods (300 milli) round up to 429 on the H20
    // (MIG 3g) and to 500 on the Zhenwu (halves): each model's allocated hours must split into whole-GPU pods and
    // rounded sharing pods, with 20 of each overall.
    const r = runCli([
      'run',
      '--fleet',
      fleet,
      '--workload',
      pods,
      '--policy',
      'bestfit',
      '--reference',
      'nvidia-h20',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const h20 = out.perModel['nvidia-h20'].deviceHours.allocated;
    const zw = out.perModel['t-head-zhenwu-810e'].deviceHours.allocated;
    const splits: number[][] = [];
    for (let sharingOnH20 = 0; sharingOnH20 <= 20; sharingOnH20++) {
      const wholeOnH20 = h20 - 0.429 * sharingOnH20;
      const wholeOnZw = zw - 0.5 * (20 - sharingOnH20);
      if (
        Math.abs(wholeOnH20 - Math.round(wholeOnH20)) < 1e-6 &&
        Math.abs(wholeOnZw - Math.round(wholeOnZw)) < 1e-6
      ) {
        if (Math.round(wholeOnH20) + Math.round(wholeOnZw) === 20)
          splits.push([sharingOnH20, Math.round(wholeOnH20)]);
      }
    }
    expect(
      splits.length,
      `no split of ${h20} + ${zw} device-hours into whole and rounded sharing pods`,
    ).toBeGreaterThan(0);
    expect(out.deviceHours.allocated).toBeCloseTo(h20 + zw, 9);
    const dh = out.deviceHours;
    expect(dh.allocated + dh.stranded + dh.idle).toBeCloseTo(dh.total, 6);
  });

  it('writes an HTML report', () => {
    const report = join(dir, 'run.html');
    const r = runCli(['run', '--fleet', fleet, '--workload', pods, '--report', report]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('per model:');
    expect(r.stderr).toContain(report);
  });

  it.each([
    [
      'a negative node count',
      'pools:\n  - { name: a, accelerator: nvidia-h20, nodes: -1, devicesPerNode: 8, cpuMilli: 1000, memoryMiB: 1024 }\n',
      /pools\[0\]\.nodes/,
    ],
    [
      'negative power',
      'pools:\n  - { name: a, accelerator: nvidia-h20, nodes: 1, devicesPerNode: 8, cpuMilli: 1000, memoryMiB: 1024, nodePowerOverheadW: -5 }\n',
      /nodePowerOverheadW/,
    ],
    [
      'an unknown accelerator',
      'pools:\n  - { name: a, accelerator: nvidia-h2000, nodes: 1, devicesPerNode: 8, cpuMilli: 1000, memoryMiB: 1024 }\n',
      /accelerator/,
    ],
    [
      'a PUE below 1',
      'site: { pue: 0.8 }\npools:\n  - { name: a, accelerator: nvidia-h20, nodes: 1, devicesPerNode: 8, cpuMilli: 1000, memoryMiB: 1024 }\n',
      /site\.pue/,
    ],
  ])('a fleet file with %s: names file, line and field, exits 2', (_what, yaml, field) => {
    const bad = join(dir, `bad-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(bad, yaml);
    const r = runCli(['run', '--fleet', bad, '--workload', pods]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${bad.split('/').pop()!.replace('.', '\\.')}:\\d+: `));
    expect(r.stderr).toMatch(field);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('--initial with a pod that does not fit where it runs: names file, line, record, node and pod, exits 2', () => {
    const record = (name: string) =>
      `  { "namespace": "ml", "name": "${name}", "node": "h20-00001", "devices": [0], "milliPerDevice": 700, "cpuMilli": 1000, "memMiB": 1024 }`;
    const placements = join(dir, 'overfull-placements.json');
    writeFileSync(placements, `{ "placements": [\n${record('a')},\n${record('b')}\n] }\n`);
    const r = runCli(['run', '--fleet', fleet, '--workload', pods, '--initial', placements]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /overfull-placements\.json:3: placements\[1\]: device 0: 700 milli, 300 left: more than node h20-00001 holds \(pod ml\/b\)/,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('a malformed synthetic workload spec is a clear error', () => {
    const r = runCli(['run', '--fleet', fleet, '--workload', 'synthetic:pods=lots,days=1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/pods/);
  });

  describe('a pool priced nowhere (issue 14 item 7)', () => {
    // The same fleet twice: the Zhenwu pool priced in the file, and priced nowhere (the catalog has no price).
    const pool = (capex: string) =>
      `pools:\n  - { name: zw, accelerator: t-head-zhenwu-810e, nodes: 2, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576${capex} }\n` +
      '  - { name: h20, accelerator: nvidia-h20, nodes: 2, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 }\n';
    let unpriced: string;
    let priced: string;
    beforeAll(() => {
      unpriced = join(dir, 'unpriced.yaml');
      priced = join(dir, 'priced.yaml');
      writeFileSync(unpriced, pool(''));
      writeFileSync(priced, pool(', capex: { usdPerDevice: 12000 }'));
    });
    const run = (file: string, ...more: string[]) =>
      runCli(['run', '--fleet', file, '--workload', pods, '--policy', 'bestfit', ...more]);

    it('runs: cost is null where it includes the pool, everything else as with a price, one warning', () => {
      const r = run(unpriced, '--json');
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout);
      const ref = JSON.parse(run(priced, '--json').stdout);
      // Allocation, queueing and energy do not depend on price: identical to the priced fleet's.
      for (const key of [
        'placed',
        'rejected',
        'deviceHours',
        'queueDelaySec',
        'jctSec',
        'energyKWh',
        'energyUsd',
      ])
        expect(out[key], key).toEqual(ref[key]);
      expect(out.energyKWh).toBeGreaterThan(0);
      // Unknown, never 0 and never a guess: the totals that include the pool, and its model's cost.
      expect(out).toMatchObject({ capitalUsd: null, costUsd: null, unpricedPools: ['zw'] });
      expect(ref).toMatchObject({ unpricedPools: [] });
      expect(ref.capitalUsd).toBeGreaterThan(0);
      expect(out.perModel['t-head-zhenwu-810e'].costUsd).toBeNull();
      // The priced pool's cost is still known, and the same as on the priced fleet.
      expect(out.perModel['nvidia-h20'].costUsd).toBeCloseTo(ref.perModel['nvidia-h20'].costUsd, 6);
      // One warning on stderr, naming the pool and how to price it; the same text in the assumptions.
      const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/Pool zw \(t-head-zhenwu-810e\) has no price/);
      expect(warnings[0]).toMatch(/capex\.usdPerDevice.*--catalog FILE/);
      expect(out.assumptions).toContain(warnings[0].slice('warning: '.length));
      expect(run(priced, '--json').stderr).not.toMatch(/warning: /);
    });

    it('says "unknown" in text and in the HTML report, never 0', () => {
      const report = join(dir, 'unpriced.html');
      const r = run(unpriced, '--report', report);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/cost unknown \(capital unknown — no price for pool zw, energy \d+\)/);
      expect(r.stdout).toMatch(/t-head-zhenwu-810e .* kWh {2}cost unknown/);
      expect(r.stdout).toMatch(/nvidia-h20 .* kWh {2}\d+ USD/);
      const html = readFileSync(report, 'utf8');
      // Summary row and the Zhenwu's per-model row: both costs unknown; the H20's row keeps its number.
      expect(html.match(/<td>unknown<\/td><\/tr>/g)).toHaveLength(2);
      expect(html).toMatch(/<th scope="row">nvidia-h20<\/th>(<td>[\d,]+<\/td>){7}<\/tr>/);
      expect(html).toMatch(/<li>Pool zw \(t-head-zhenwu-810e\) has no price/);
    });

    it('a catalog file with a price for the accelerator prices the pool', () => {
      const catalog = join(dir, 'zhenwu-price.json');
      writeFileSync(
        catalog,
        JSON.stringify({ accelerators: [{ id: 't-head-zhenwu-810e', priceUsd: 12000 }] }),
      );
      const out = JSON.parse(run(unpriced, '--catalog', catalog, '--json').stdout);
      const ref = JSON.parse(run(priced, '--json').stdout);
      expect(out.unpricedPools).toEqual([]);
      expect(out.capitalUsd).toBeCloseTo(ref.capitalUsd, 6);
    });

    it.each([['fgd-cost'], ['hetero'], ['fgd,fgd-cost']])(
      '--policy %s, whose score needs the price, is refused naming the pool; exit 2',
      (policy) => {
        const r = runCli(['run', '--fleet', unpriced, '--workload', pods, '--policy', policy]);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(
          /unpriced\.yaml: pools\[0\] \(zw\): (fgd-cost|hetero) weighs each device's price/,
        );
        expect(r.stderr).toMatch(/capex\.usdPerDevice/);
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expect(r.stdout).toBe('');
      },
    );

    it('fgd-energy, which weighs power but not price, runs', () => {
      expect(run(unpriced, '--policy', 'fgd-energy', '--json').status).toBe(0);
    });
  });
});

describe('hyperfleet run --defrag', () => {
  let small: string;
  let fragmented: string;
  beforeAll(() => {
    small = join(dir, 'two-nodes.yaml');
    writeFileSync(
      small,
      'pools:\n  - { name: h20, accelerator: nvidia-h20, nodes: 2, devicesPerNode: 2, cpuMilli: 16000, memoryMiB: 65536 }\n',
    );
    // Four one-device pods fill the two nodes; two leave at 100, one per node; a two-device pod arrives at 200 and
    // fits nowhere. The Guaranteed pod may not move; the other long one can join it (see sim/time/defragmenter.test).
    const rows = [
      ['guaranteed', 1, 'Guaranteed', 0, 1000],
      ['short-1', 1, 'LS', 0, 100],
      ['mover', 1, 'LS', 0, 2000],
      ['short-2', 1, 'LS', 0, 100],
      ['wide', 2, 'LS', 200, 700],
    ].map(
      ([name, gpus, qos, from, to]) => `${name},1000,1024,${gpus},1000,,${qos},Running,${from},${to},${from}`,
    );
    fragmented = join(dir, 'fragmented.csv');
    writeFileSync(
      fragmented,
      'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n' +
        rows.join('\n') +
        '\n',
    );
  });
  const run = (...extra: string[]) =>
    runCli([
      'run',
      '--fleet',
      small,
      '--workload',
      fragmented,
      '--policy',
      'bestfit',
      '--reference',
      'nvidia-h20',
      ...extra,
    ]);

  it('starts the waiting pod at once by one move, charges the restart, and compares with the run without it', () => {
    const r = run('--defrag', 'on-pending', '--migration-cost', '50s', '--json');
    expect(r.stderr).not.toMatch(/✖|internal error/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.defrag).toMatchObject({
      trigger: 'on-pending',
      migrationCostSec: 50,
      plansApplied: 1,
      moves: 1,
      podsMoved: 1,
    });
    expect(out.queueDelaySec.mean).toBe(0);
    expect(out.defrag.withoutDefrag.queueDelaySec.mean).toBe(800 / 5);
    // The moved pod ends 50 s later (the span), and held its device for them.
    expect([out.horizonSec, out.defrag.withoutDefrag.horizonSec]).toEqual([2050, 2000]);
    expect(out.deviceHours.allocated - out.defrag.withoutDefrag.deviceHours.allocated).toBeCloseTo(
      50 / 3600,
      9,
    );
    expect(out.defrag.migrationGpuHours).toBeCloseTo(50 / 3600, 9);
  });

  it('prints the comparison in text and puts both runs in the HTML report', () => {
    const report = join(dir, 'defrag.html');
    const r = run('--defrag', 'periodic:5m', '--report', report);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/defrag periodic:300s, migration cost 300 s/);
    expect(r.stdout).toMatch(/plans tried 1, applied 1; 1 moves of 1 pods/);
    expect(r.stdout).toMatch(/queueing delay \(h\) {3}mean 0\.04 → 0\.01/);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('bestfit without defrag');
    expect(html).toContain('bestfit with defrag');
    expect(html).toContain('<h2>Defragmentation</h2>');
  });

  it('without --defrag prints no defrag fields and no defrag section', () => {
    const report = join(dir, 'plain.html');
    const r = run('--json', '--report', report);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).defrag).toBeUndefined();
    expect(readFileSync(report, 'utf8')).not.toContain('Defragmentation');
  });

  it.each([
    [
      ['--defrag', 'sometimes'],
      /--defrag: expected on-pending, or periodic:D with a duration D such as 1h, got "sometimes"/,
    ],
    [['--defrag', 'periodic:10s'], /--defrag: expected a duration from 1m to 30d, got "periodic:10s"/],
    [['--defrag', 'periodic:soon'], /--defrag: expected a positive duration/],
    [
      ['--defrag', 'on-pending', '--migration-cost', '2d'],
      /--migration-cost: expected a duration from 0 to 1d, got "2d"/,
    ],
    [
      ['--defrag', 'on-pending', '--defrag-max-moves', '99'],
      /--defrag-max-moves: expected a whole number from 0 to 16, got "99"/,
    ],
    [['--migration-cost', '5m'], /--migration-cost: only with --defrag/],
  ])('refuses %j with a clear error', (extra, message) => {
    const r = run(...extra);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+|internal error/);
  });
});
