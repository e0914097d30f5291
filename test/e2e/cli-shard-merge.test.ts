/**
 * Sharded sweeps through the CLI (issue 17 item 1): `experiment --shard i/N --out` four ways, then `merge`, gives
 * the unsharded run's paper CSVs byte for byte on the openb default trace; `run --shard` + `merge` gives the
 * unsharded `run --out` (the report byte for byte, the summary but for timings); the shard index from
 * JOB_COMPLETION_INDEX; merge refuses missing, duplicate, foreign and damaged shards with one clear line each.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal, projectRoot, runCli, tempDir } from '../support/cli.js';

const traces = join(projectRoot, '../shared/traces/alibaba-gpu-v2023');
const CSVS = ['analysis_allo_discrete.csv', 'analysis_frag_discrete.csv', 'analysis_frag_ratio_discrete.csv'];
const GRID = ['--traces', traces, '--policies', 'fgd,bestfit', '--seeds', '42,43', '--workers', '1'];

let dir: string;
const shardDirs = [0, 1, 2, 3].map((i) => `shard-${i}`);
const at = (...p: string[]) => join(dir, ...p);

function ok(args: string[], env?: Record<string, string>) {
  const r = runCli(args, env ? { env } : {});
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status).toBe(0);
  return r;
}

beforeAll(() => {
  dir = tempDir('hyperfleet-shard-');
  ok(['experiment', ...GRID, '--out', at('full')]);
  // Shards 0..2 by i/N, shard 3 by /N and the variable an Indexed Job sets.
  for (let i = 0; i < 3; i++) ok(['experiment', ...GRID, '--shard', `${i}/4`, '--out', at(shardDirs[i])]);
  ok(['experiment', ...GRID, '--shard', '/4', '--out', at(shardDirs[3])], { JOB_COMPLETION_INDEX: '3' });
}, 300_000);

describe('hyperfleet experiment --shard + merge', () => {
  it('gives the unsharded CSVs byte for byte, and the same files', () => {
    ok(['merge', '--out', at('merged'), ...shardDirs.map((d) => at(d))]);
    expect(readdirSync(at('merged')).sort()).toEqual(readdirSync(at('full')).sort());
    for (const f of CSVS) {
      const full = readFileSync(at('full', f), 'utf8');
      expect(full.split('\n').length).toBe(2 + 4); // header, 2 policies × 2 seeds, final newline
      expect(readFileSync(at('merged', f), 'utf8')).toBe(full);
    }
    const report = readFileSync(at('merged', 'report.html'), 'utf8');
    expect(report).toContain('4 runs (1 traces × 2 policies × 2 seeds, tune 1.3)');
    expect(report).toContain('over 4 shard(s)');
  });

  it('splits the grid round-robin: shard i holds task i only, and names the whole sweep', () => {
    for (let i = 0; i < 4; i++) {
      const m = JSON.parse(readFileSync(at(shardDirs[i], 'manifest.json'), 'utf8'));
      expect(m.shard).toEqual({ index: i, count: 4 });
      expect(m.positions).toEqual([i]);
      expect(m.tasks).toBe(4);
      expect(m.sweep).toMatchObject({
        policies: ['fgd', 'bestfit'],
        seeds: [42, 43],
        workloads: ['default'],
      });
      expect(m.inputs.map((x: { name: string }) => x.name)).toEqual([
        'openb_node_list_gpu_node.csv',
        'openb_pod_list_default.csv',
      ]);
    }
    // One fingerprint for the four: the same sweep.
    const prints = shardDirs.map((d) => JSON.parse(readFileSync(at(d, 'manifest.json'), 'utf8')).fingerprint);
    expect(new Set(prints).size).toBe(1);
  });

  it('refuses a missing shard, naming it', () => {
    const r = runCli(['merge', '--out', at('m1'), at(shardDirs[0]), at(shardDirs[1]), at(shardDirs[3])]);
    expectRefusal(r, /missing shard 2 of 4/);
    expect(existsSync(at('m1'))).toBe(false);
  });

  it('refuses a shard given twice', () => {
    const r = runCli(['merge', '--out', at('m2'), ...shardDirs.map((d) => at(d)), at(shardDirs[1])]);
    expectRefusal(r, /shard 1 of 4 given twice/);
  });

  it('refuses shards of another sweep, saying what differs', () => {
    const other = at('other-0');
    ok([
      'experiment',
      ...GRID.slice(0, -4),
      '--seeds',
      '44',
      '--workers',
      '1',
      '--shard',
      '0/4',
      '--out',
      other,
    ]);
    const r = runCli(['merge', '--out', at('m3'), other, ...shardDirs.slice(1).map((d) => at(d))]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a shard of another sweep than .*other-0 \(differs in seeds, task count\)/);
  });

  it('refuses a folder that is not a finished shard, and a damaged results file', () => {
    expectRefusal(
      runCli(['merge', '--out', at('m4'), at('full')]),
      /full\/manifest\.json: file not found \(expected a shard manifest, written by --shard i\/N --out/,
    );
    const copy = at('damaged');
    cpSync(at(shardDirs[2]), copy, { recursive: true });
    const file = join(copy, 'results.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"seed":', '"seed": '));
    const r = runCli([
      'merge',
      '--out',
      at('m5'),
      at(shardDirs[0]),
      at(shardDirs[1]),
      copy,
      at(shardDirs[3]),
    ]);
    expectRefusal(r, /damaged\/results\.json: content does not match the digest in manifest\.json/);
  });

  it('refuses bad --shard values and a missing JOB_COMPLETION_INDEX', () => {
    const exp = (shard: string, env?: Record<string, string>) =>
      runCli(['experiment', ...GRID, '--shard', shard, '--out', at('bad')], env ? { env } : {});
    expectRefusal(exp('4/4'), /--shard: expected i\/N .* got "4\/4"/);
    expectRefusal(exp('1/0'), /--shard: expected i\/N/);
    expectRefusal(exp('a/b'), /--shard: expected i\/N/);
    expectRefusal(
      exp('/4', { JOB_COMPLETION_INDEX: '' }),
      /JOB_COMPLETION_INDEX: expected a whole number from 0 to 3/,
    );
    expectRefusal(exp('/4', { JOB_COMPLETION_INDEX: '9' }), /JOB_COMPLETION_INDEX: expected .* got "9"/);
  });
});

describe('hyperfleet run --shard + merge', () => {
  const fleet = join(projectRoot, 'examples/fleets/mixed-10k.yaml');
  const RUN = [
    'run',
    '--fleet',
    fleet,
    '--workload',
    'synthetic:pods=200,days=1',
    '--policy',
    'fgd,bestfit,random',
    '--defrag',
    'on-pending',
  ];
  const withoutTimings = (text: string) =>
    JSON.stringify(JSON.parse(text), (k, v) => (k === 'elapsedMs' ? 0 : v));

  it('splits the simulations (policy × with/without defrag) exactly: merged = unsharded', () => {
    ok([...RUN, '--out', at('run-full')]);
    for (let i = 0; i < 4; i++) ok([...RUN, '--shard', `${i}/4`, '--out', at(`run-${i}`)]);
    ok(['merge', '--out', at('run-merged'), ...[0, 1, 2, 3].map((i) => at(`run-${i}`))]);
    expect(readdirSync(at('run-merged')).sort()).toEqual(['report.html', 'summary.json']);
    // The report shows no timing: byte for byte. The summary's elapsedMs are the shards' own.
    expect(readFileSync(at('run-merged', 'report.html'), 'utf8')).toBe(
      readFileSync(at('run-full', 'report.html'), 'utf8'),
    );
    const full = readFileSync(at('run-full', 'summary.json'), 'utf8');
    expect(JSON.parse(full)).toHaveLength(3);
    expect(withoutTimings(readFileSync(at('run-merged', 'summary.json'), 'utf8'))).toBe(withoutTimings(full));
  }, 300_000);

  it('refuses --shard without --out, and with --report', () => {
    expectRefusal(
      runCli([...RUN, '--shard', '0/2']),
      /--shard: a shard writes its results to a folder: give --out DIR/,
    );
    expectRefusal(
      runCli([...RUN, '--shard', '0/2', '--out', at('r'), '--report', at('r.html')]),
      /--report: a shard writes only its shard folder/,
    );
  });
});
