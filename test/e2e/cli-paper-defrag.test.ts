/**
 * The paper protocol's opt-in defrag variant through the CLI (issue 16): `simulate --defrag-moves` and
 * `experiment --defrag-moves` on a generated trace — a series of its own beside the paper's, whose rows stay
 * byte-identical; deterministic; bad option values refused with the option's name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticOpenbTrace } from '../../src/traces/synthetic-openb.js';
import { expectRefusal, runCli, tempDir, writeOpenbFixture } from '../support/cli.js';

/** Keeps the planner quick on this small trace (its answers depend on the bound, not on time). */
const WORK_LIMIT = '20000';

let dir: string;
let nodeFile: string;
let podFile: string;

beforeAll(() => {
  dir = tempDir();
  const trace = syntheticOpenbTrace(1, 30);
  ({ nodeFile, podFile } = writeOpenbFixture(dir, trace.nodes, trace.pods));
});

/** A `simulate --json` result without what varies between equal runs (wall-clock times). */
function withoutTimes(json: string): Record<string, unknown> {
  const { elapsedMs: _e, defrag, ...rest } = JSON.parse(json);
  if (defrag === undefined) return rest;
  const { planMsP50: _p50, planMsP99: _p99, planMsMax: _max, ...counts } = defrag;
  return { ...rest, defrag: counts };
}

describe('hyperfleet simulate --defrag-moves', () => {
  const args = () => ['simulate', '--nodes', nodeFile, '--pods', podFile, '--json'];

  it('runs the variant as a series of its own, deterministically; without it the JSON has no defrag field', () => {
    const plain = runCli(args());
    const a = runCli([...args(), '--defrag-moves', '2', '--defrag-work-limit', WORK_LIMIT]);
    const b = runCli([...args(), '--defrag-moves', '2', '--defrag-work-limit', WORK_LIMIT]);
    for (const r of [plain, a, b]) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(JSON.parse(plain.stdout)).not.toHaveProperty('defrag');
    const out = JSON.parse(a.stdout);
    const base = JSON.parse(plain.stdout);
    expect(out.defrag).toMatchObject({ series: '06-FGD+defrag≤2', maxMoves: 2, workLimit: 20000 });
    expect(out.defrag.placedByPlan).toBeGreaterThan(0);
    expect(out.pods).toBe(base.pods);
    expect(out.placedPods + out.failedPods).toBe(out.pods);
    expect(withoutTimes(b.stdout)).toEqual(withoutTimes(a.stdout));
  });

  it('prints what the plans did in the summary', () => {
    const r = runCli(['simulate', '--nodes', nodeFile, '--pods', podFile, '--defrag-moves', '1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^policy fgd \(series 06-FGD\+defrag≤1\), seed 42/);
    expect(r.stdout).toMatch(
      /defrag: \d+ of \d+ pods that fit nowhere were placed after a plan of at most 1 move/,
    );
  });

  it('refuses bad values with the option’s name', () => {
    const base = ['simulate', '--nodes', nodeFile, '--pods', podFile];
    expectRefusal(
      runCli([...base, '--defrag-moves', '0']),
      /--defrag-moves: expected a whole number from 1 to 16, got "0"/,
    );
    expectRefusal(runCli([...base, '--defrag-moves', '2.5']), /--defrag-moves: expected a whole number/);
    expectRefusal(
      runCli([...base, '--defrag-moves', '2', '--defrag-work-limit', 'lots']),
      /--defrag-work-limit: expected a whole number from 1 to 100000000, got "lots"/,
    );
    expectRefusal(
      runCli([...base, '--defrag-work-limit', '1000']),
      /--defrag-work-limit: only applies with --defrag-moves/,
    );
  });
});

describe('hyperfleet experiment --defrag-moves', () => {
  const grid = (name: string, extra: string[]) => {
    const out = join(dir, name);
    const r = runCli([
      'experiment',
      '--traces',
      dir,
      '--policies',
      'fgd,bestfit',
      '--seeds',
      '42',
      '--workers',
      '1',
      '--out',
      out,
      ...extra,
    ]);
    expect(r.status).toBe(0);
    const file = (f: string) => readFileSync(join(out, f), 'utf8');
    return { r, file };
  };

  it('writes the variant rows beside the paper’s, which stay byte-identical', () => {
    const paper = grid('paper', []);
    const both = grid('both', ['--defrag-moves', '2,1,2', '--defrag-work-limit', WORK_LIMIT]);
    expect(both.r.stderr).toContain('6 runs');
    for (const f of [
      'analysis_allo_discrete.csv',
      'analysis_frag_discrete.csv',
      'analysis_frag_ratio_discrete.csv',
    ]) {
      const plainLines = paper.file(f).split('\n');
      const lines = both.file(f).split('\n');
      expect(lines.map((l) => l.split(',').slice(1, 2).join())).toEqual([
        'sc_policy',
        '05-BestFit',
        '05-BestFit+defrag≤1',
        '05-BestFit+defrag≤2',
        '06-FGD',
        '06-FGD+defrag≤1',
        '06-FGD+defrag≤2',
        '',
      ]);
      // The paper's rows, and so the file without the variant's rows, are the paper-only file byte for byte.
      expect(lines.filter((l) => !l.includes('+defrag≤')).join('\n')).toBe(plainLines.join('\n'));
    }
    const html = both.file('report.html');
    expect(html).toContain('FGD+defrag≤2');
    expect(html).toMatch(/06-FGD\+defrag≤1 seed 42: \d+ of \d+ pods the policy placed nowhere were placed/);
  });

  it('refuses a bad list', () => {
    const r = runCli(['experiment', '--traces', dir, '--defrag-moves', '1,x', '--out', join(dir, 'bad')]);
    expectRefusal(r, /--defrag-moves: expected a whole number from 1 to 16, got "x"/);
  });
});
