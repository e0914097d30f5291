/**
 * The CLI end to end, as a user runs it: `simulate` and `experiment` on fixtures the test generates itself
 * (and on the real trace when ../shared is there), bad input with exit codes and messages, determinism.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticOpenbTrace } from '../../src/traces/synthetic-openb.js';
import { projectRoot, runCli, tempDir, writeOpenbFixture } from '../support/cli.js';

const sharedOpenb = join(projectRoot, '../shared/traces/alibaba-gpu-v2023');
const hasShared = existsSync(join(sharedOpenb, 'openb_pod_list_default.csv'));
if (!hasShared) console.warn('real-trace CLI tests skipped: ../shared/traces/alibaba-gpu-v2023 not found');

let dir: string;
let nodeFile: string;
let podFile: string;

beforeAll(() => {
  dir = tempDir();
  const trace = syntheticOpenbTrace(3, 60);
  ({ nodeFile, podFile } = writeOpenbFixture(dir, trace.nodes, trace.pods));
});

/** The CLI from dist/cli/main.js (ES modules, not the bundle), with argv after `-e`. */
const UNBUNDLED =
  "const { main } = await import('./dist/cli/main.js'); process.exitCode = await main(process.argv.slice(1));";

/** A `simulate --json` result without its timing, the one field that differs between equal runs. */
function withoutTime(json: string): Record<string, unknown> {
  const { elapsedMs: _ignored, ...rest } = JSON.parse(json);
  return rest;
}

/** A stack trace has lines like "    at foo (file.js:1:2)". */
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

describe('hyperfleet simulate', () => {
  it('prints a readable summary', () => {
    const r = runCli(['simulate', '--nodes', nodeFile, '--pods', podFile, '--policy', 'bestfit']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^policy bestfit, seed 42, tune 1\.3: \d+ pods submitted to \d+ GPUs/);
    expect(r.stdout).toContain('GPU allocation (%)');
  });

  it('prints one JSON object with 131-point series with --json', () => {
    const r = runCli([
      'simulate',
      '--nodes',
      nodeFile,
      '--pods',
      podFile,
      '--policy',
      'fgd',
      '--seed',
      '7',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ policy: 'fgd', seed: 7, tune: 1.3 });
    for (const key of ['allocation', 'fragAmount', 'fragRatio']) {
      expect(out[key]).toHaveLength(131);
      for (const v of out[key]) expect(Number.isFinite(v)).toBe(true);
    }
    expect(out.totalGpus).toBeGreaterThan(0);
    expect(out.placedPods + out.failedPods).toBe(out.pods);
    expect(typeof out.elapsedMs).toBe('number');
    // allocation never decreases: pods never leave in this protocol
    for (let x = 1; x < 131; x++) expect(out.allocation[x]).toBeGreaterThanOrEqual(out.allocation[x - 1]);
  });

  it('runs from its single-file bundle, with the same output and errors as the unbundled CLI', () => {
    const bundle = join(projectRoot, 'dist/cli/simulate.bundle.cjs');
    expect(existsSync(bundle)).toBe(true);
    const unbundled = (args: string[]) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', UNBUNDLED, ...args], {
        cwd: projectRoot,
        encoding: 'utf8',
      });
    const args = ['simulate', '--nodes', nodeFile, '--pods', podFile, '--policy', 'fgd', '--json'];
    const a = runCli(args);
    const b = unbundled(args);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(withoutTime(a.stdout)).toEqual(withoutTime(b.stdout));
    // Bad input: the same message and exit code (the bundle carries its own copy of the error types).
    const bad = ['simulate', '--nodes', join(dir, 'missing.csv'), '--pods', podFile];
    const c = runCli(bad);
    const d = unbundled(bad);
    expect(c.status).toBe(2);
    expect(d.status).toBe(2);
    expect(c.stderr).toBe(d.stderr);
  });

  it('compiles the bundle with the V8 code cache the build made, and the same without a usable one', () => {
    const cache = join(projectRoot, 'dist/cli/simulate.bundle.cache');
    expect(existsSync(cache)).toBe(true);
    // In a child process: what the launcher does, reporting whether V8 took the cache, and the JSON it prints.
    const LOAD = `
      const { loadBundle, tuneForShortRun, BUNDLE } = require('./bin/hyperfleet.cjs');
      const [cache, tune, ...args] = process.argv.slice(1);
      if (tune === 'tuned') tuneForShortRun(args);
      const { exports, script } = loadBundle(BUNDLE, cache);
      process.stderr.write(script.cachedDataRejected === false ? 'cache used' : 'no cache used');
      exports.main(args).then((code) => { process.exitCode = code; });`;
    const garbage = join(dir, 'garbage.cache');
    writeFileSync(garbage, 'not a V8 code cache');
    const args = ['simulate', '--nodes', nodeFile, '--pods', podFile, '--json'];
    const load = (cacheFile: string, tune = 'tuned') =>
      spawnSync(process.execPath, ['-e', LOAD, cacheFile, tune, ...args], {
        cwd: projectRoot,
        encoding: 'utf8',
      });
    const cached = load(cache);
    const rejected = load(garbage);
    const none = load(join(dir, 'no-such.cache'));
    // The build makes the cache under the launcher's short-run V8 flags; V8 refuses it under others.
    const untuned = load(cache, 'untuned');
    expect([cached.stderr, rejected.stderr, none.stderr, untuned.stderr]).toEqual([
      'cache used',
      'no cache used',
      'no cache used',
      'no cache used',
    ]);
    expect(withoutTime(rejected.stdout)).toEqual(withoutTime(cached.stdout));
    expect(withoutTime(none.stdout)).toEqual(withoutTime(cached.stdout));
    expect(withoutTime(untuned.stdout)).toEqual(withoutTime(cached.stdout));
  });

  it('tunes V8 for a short run only when the pod file is small', () => {
    const big = join(dir, 'big-pods.csv');
    writeFileSync(big, Buffer.alloc(2 * 1024 * 1024 + 1, 0x20));
    const CHECK = `
      const { tuneForShortRun, SHORT_RUN_POD_FILE_BYTES } = require('./bin/hyperfleet.cjs');
      const [small, big, missing] = process.argv.slice(1);
      process.stdout.write(JSON.stringify([
        SHORT_RUN_POD_FILE_BYTES,
        tuneForShortRun(['simulate', '--pods', small]),
        tuneForShortRun(['simulate', '--pods=' + small]),
        tuneForShortRun(['simulate', '--pods', big]),
        tuneForShortRun(['simulate', '--pods', missing]),
        tuneForShortRun(['simulate', '--pods']),
        tuneForShortRun(['simulate', '--nodes', small]),
      ]));`;
    const r = spawnSync(process.execPath, ['-e', CHECK, podFile, big, join(dir, 'missing.csv')], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([2 * 1024 * 1024, true, true, false, false, false, false]);
  });

  it('gives byte-identical results for the same seed and different ones for another', () => {
    const run = (seed: string) => {
      const r = runCli([
        'simulate',
        '--nodes',
        nodeFile,
        '--pods',
        podFile,
        '--policy',
        'random',
        '--seed',
        seed,
        '--json',
      ]);
      return JSON.stringify(withoutTime(r.stdout));
    };
    expect(run('11')).toBe(run('11'));
    expect(run('11')).not.toBe(run('12'));
  });

  it.skipIf(!hasShared)('reproduces the paper sanity values on the real default trace (FGD, seed 42)', () => {
    const r = runCli([
      'simulate',
      '--nodes',
      join(sharedOpenb, 'openb_node_list_gpu_node.csv'),
      '--pods',
      join(sharedOpenb, 'openb_pod_list_default.csv'),
      '--json',
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ totalGpus: 6212, pods: 10866, failedPods: 2532, neverFitPods: 0 });
    expect([out.allocation[0], out.allocation[100], out.allocation[130]]).toEqual([0.25, 95.14, 95.29]);
    expect(out.fragAmount[0]).toBe(13.88);
    expect(out.fragRatio[0]).toBe(13.919183673469389);
  });
});

describe('bad input to simulate', () => {
  function simulateWithPods(podCsv: string) {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, podCsv);
    return { file, r: runCli(['simulate', '--nodes', nodeFile, '--pods', file]) };
  }
  const HEADER = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec\n';

  it.each([
    ['a missing column', 'name,cpu_milli,memory_mib,num_gpu\np1,1000,10,0\n', /memory_mib.*|gpu_milli/],
    ['a non-numeric field', HEADER + 'p1,1000,10,0,0,\np2,lots,10,0,0,\n', /:3: cpu_milli: .*got "lots"/],
    ['a negative request', HEADER + 'p1,1000,-10,0,0,\n', /:2: memory_mib: .*got "-10"/],
    ['an unknown GPU type in a constraint', HEADER + 'p1,1000,10,1,500,H100\n', /:2: gpu_spec: .*H100/],
    ['an empty file', '', /empty/i],
    ['a file that is not CSV', '\u0000\u0001PK\u0003\u0004binary', /CSV/],
  ])('%s: names file and field, exits 2, no stack trace', (_case, csv, message) => {
    const { file, r } = simulateWithPods(csv);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^✖ /);
    expect(r.stderr).toContain(file.split('/').pop());
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('a missing file: names it, exits 2', () => {
    const r = runCli(['simulate', '--nodes', nodeFile, '--pods', join(dir, 'nope.csv')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('nope.csv');
    expect(r.stderr).not.toMatch(STACK);
  });

  it.each([
    [
      ['--policy', 'tetris'],
      /policy: expected one of random, dotprod, clustering, packing, bestfit, fgd, got "tetris"/,
    ],
    [['--tune', 'lots'], /--tune: expected a positive number ≤ 10, got "lots"/],
    [['--seed', '4.5'], /--seed: expected a whole number/],
  ])('bad option %j exits 2 with a clear message', (args, message) => {
    const r = runCli(['simulate', '--nodes', nodeFile, '--pods', podFile, ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a pod that fits no node is not an error: it counts as failed and as never fitting', () => {
    const { nodeFile: n, podFile: p } = writeOpenbFixture(
      tempDir(),
      [{ name: 'n1', cpuMilli: 8000, memMiB: 1024, gpuCount: 1, gpuModel: 'T4' }],
      [
        { name: 'fits', cpuMilli: 1000, memMiB: 10, gpuCount: 1, gpuMilli: 500, gpuTypes: [] },
        { name: 'too-big', cpuMilli: 1000, memMiB: 10, gpuCount: 2, gpuMilli: 1000, gpuTypes: [] },
      ],
    );
    const r = runCli(['simulate', '--nodes', n, '--pods', p, '--tune', '3', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.failedPods).toBeGreaterThanOrEqual(1);
    expect(out.neverFitPods).toBeGreaterThanOrEqual(1);
  });
});

describe('hyperfleet experiment', () => {
  it('runs a grid on 2 worker threads and writes the paper-layout CSVs and the report', () => {
    const out = join(dir, 'grid');
    const r = runCli([
      'experiment',
      '--traces',
      dir,
      '--workloads',
      'default',
      '--policies',
      'fgd,bestfit,random',
      '--seeds',
      '42-43',
      '--workers',
      '2',
      '--out',
      out,
    ]);
    expect(r.stderr).toContain('6 runs');
    expect(r.status).toBe(0);
    const allo = readFileSync(join(out, 'analysis_allo_discrete.csv'), 'utf8').trim().split('\n');
    expect(allo[0]).toBe(
      ['workload,sc_policy,tune,seed,total_gpus', ...Array.from({ length: 131 }, (_, i) => i)].join(','),
    );
    expect(allo.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'openb_pod_list_default,01-Random,1.3,42',
      'openb_pod_list_default,01-Random,1.3,43',
      'openb_pod_list_default,05-BestFit,1.3,42',
      'openb_pod_list_default,05-BestFit,1.3,43',
      'openb_pod_list_default,06-FGD,1.3,42',
      'openb_pod_list_default,06-FGD,1.3,43',
    ]);
    for (const f of ['analysis_frag_discrete.csv', 'analysis_frag_ratio_discrete.csv']) {
      const lines = readFileSync(join(out, f), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(7);
      expect(lines[0].startsWith('workload,sc_policy,tune,seed,0,1,')).toBe(true);
    }
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('FGD');
  });

  it('the same grid in one thread gives the same CSVs as with two workers', () => {
    const grid = (workers: string) => {
      const out = join(dir, `grid-w${workers}`);
      const r = runCli([
        'experiment',
        '--traces',
        dir,
        '--policies',
        'fgd,random',
        '--seeds',
        '5,6',
        '--workers',
        workers,
        '--out',
        out,
      ]);
      expect(r.status).toBe(0);
      return readFileSync(join(out, 'analysis_frag_ratio_discrete.csv'), 'utf8');
    };
    expect(grid('1')).toBe(grid('2'));
  });

  it('reports a bad trace before starting any worker', () => {
    const r = runCli(['experiment', '--traces', dir, '--workloads', 'nosuch', '--out', join(dir, 'x')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('openb_pod_list_nosuch.csv');
    expect(r.stderr).not.toMatch(STACK);
  });
});
