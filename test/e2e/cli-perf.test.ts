/**
 * `hyperfleet perf` end to end against the built CLI: the JSON contract other tools read, the readable table, the
 * model and efficiency files, and each kind of bad input as one clear line with exit 2.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

let dir: string;
const ask = (over: Record<string, string> = {}, extra: string[] = []) => {
  const opts: Record<string, string> = {
    '--accelerator': 'nvidia-h100',
    '--devices': '1',
    '--model': 'llama-3.1-8b',
    '--precision': 'fp8',
    '--input-tokens': '1000',
    '--output-tokens': '300',
    '--batch': 'max',
    ...over,
  };
  return runCli(['perf', ...Object.entries(opts).flat(), ...extra]);
};

/** A refusal: exit 2, one line on stderr naming the option, no stack trace. */
function expectRefusal(r: ReturnType<typeof runCli>, pattern: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+|internal error/);
}

beforeAll(() => {
  dir = tempDir('hyperfleet-perf-');
});

describe('hyperfleet perf', () => {
  it('prints the JSON contract: tokens/s, TTFT, TPOT, max batch and assumptions', () => {
    const r = ask({}, ['--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const key of ['outputTokensPerSec', 'totalTokensPerSec', 'ttftSec', 'tpotSec']) {
      expect(out[key]).toBeGreaterThan(0);
    }
    expect(Number.isInteger(out.maxBatch)).toBe(true);
    expect(out.batch).toBe(out.maxBatch);
    expect(out.totalTokensPerSec / out.outputTokensPerSec).toBeCloseTo(1300 / 300, 9);
    expect(Array.isArray(out.assumptions)).toBe(true);
    expect(out.assumptions.join('\n')).toMatch(/least-squares fit/);
  });

  it('serves more tokens/s at a larger batch, and the table shows the same figures', () => {
    const small = JSON.parse(ask({ '--batch': '4' }, ['--json']).stdout);
    const large = JSON.parse(ask({ '--batch': '64' }, ['--json']).stdout);
    expect(large.outputTokensPerSec).toBeGreaterThan(small.outputTokensPerSec);
    const table = ask({ '--batch': '64' });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/llama-3\.1-8b on 1 × nvidia-h100, fp8/);
    expect(table.stdout).toContain(Math.round(large.outputTokensPerSec).toLocaleString('en-US'));
    expect(table.stdout).toMatch(/Assumptions:/);
  });

  it('names assumed efficiency for a chip with no measured figure, and reads an --efficiency file', () => {
    const zhenwu = { '--accelerator': 't-head-zhenwu-810e', '--precision': 'bf16', '--batch': '1' };
    const assumed = JSON.parse(ask(zhenwu, ['--json']).stdout);
    expect(assumed.assumptions.join('\n')).toMatch(/t-head-zhenwu-810e has no measured figure/);
    const file = join(dir, 'efficiency.yaml');
    writeFileSync(file, 'efficiency:\n  - { accelerator: t-head-zhenwu-810e, decodeBandwidth: 0.3 }\n');
    const set = JSON.parse(ask(zhenwu, ['--json', '--efficiency', file]).stdout);
    expect(set.efficiency.decodeBandwidth).toBe(0.3);
    expect(set.tpotSec).toBeGreaterThan(assumed.tpotSec);
    const bad = join(dir, 'bad-efficiency.yaml');
    writeFileSync(bad, 'efficiency:\n  - { accelerator: t-head-zhenwu-81oe, decodeBandwidth: 1.5 }\n');
    const e = ask(zhenwu, ['--efficiency', bad]);
    expect(e.status).toBe(2);
    expect(e.stderr).toMatch(
      /bad-efficiency\.yaml:2: efficiency\[0\]\.accelerator: .*closest: t-head-zhenwu-810e/,
    );
    expect(e.stderr).toMatch(
      /bad-efficiency\.yaml:2: efficiency\[0\]\.decodeBandwidth: expected .*≤ 1, got "1\.5"/,
    );
  });

  it('reads a --model-file, and reports a bad one at file:line:field', () => {
    const good = join(dir, 'models.yaml');
    writeFileSync(
      good,
      [
        'models:',
        '  - id: tiny-1b',
        '    name: Tiny 1B',
        '    totalParamsB: 1.2',
        '    activeParamsB: 1.0',
        '    layers: 16',
        '    hidden: 2048',
        '    heads: 32',
        '    attention: { kind: gqa, kvHeads: 8, headDim: 64 }',
        '    vocab: 128256',
        '    maxContext: 8192',
        '    sources: [https://example.com/tiny/config.json]',
        '',
      ].join('\n'),
    );
    const r = ask({ '--model': 'tiny-1b', '--batch': '1' }, ['--json', '--model-file', good]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).kvCacheBytesPerTokenPerDevice).toBe(2 * 16 * 8 * 64);
    const bad = join(dir, 'bad-models.yaml');
    writeFileSync(bad, 'models:\n  - id: tiny-1b\n    name: Tiny\n    totalParamsB: -3\n');
    const e = ask({ '--model': 'tiny-1b' }, ['--model-file', bad]);
    expect(e.status).toBe(2);
    expect(e.stderr).toMatch(/bad-models\.yaml:4: models\[0\]\.totalParamsB/);
  });

  it('refuses an unknown chip or model with the closest ids', () => {
    expectRefusal(ask({ '--accelerator': 'nvidia-h1OO' }), /--accelerator: .*closest: .*nvidia-h100/);
    expectRefusal(ask({ '--model': 'qwen3-32' }), /--model: unknown model.*closest: qwen3-32b/);
  });

  it('refuses devices < 1, an unsupported precision, an impossible batch and a model too large', () => {
    expectRefusal(ask({ '--devices': '0' }), /--devices: expected a whole number ≥ 1, got "0"/);
    expectRefusal(
      ask({ '--accelerator': 'nvidia-a100' }),
      /--precision: nvidia-a100 has no FP8 support.*bf16/,
    );
    expectRefusal(ask({ '--precision': 'fp4' }), /--precision: expected one of bf16, fp8, int8/);
    expectRefusal(
      ask({ '--batch': '100000' }),
      /--batch: memory on 1 × nvidia-h100 holds at most \d+ requests/,
    );
    expectRefusal(
      ask({ '--model': 'deepseek-v3', '--devices': '8' }),
      /deepseek-v3 at fp8 does not fit in 8 × nvidia-h100/,
    );
  });
});
