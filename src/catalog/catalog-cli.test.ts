/**
 * `hyperfleet catalog`: in process (the command module on its own program) for the output formats, and through the
 * built CLI (`node bin/hyperfleet.cjs catalog`, after `npm run build`) for the exit codes a user sees.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli, projectRoot } from '../../test/support/cli.js';
import { register } from '../cli/commands/catalog.js';

const tmp = mkdtempSync(join(tmpdir(), 'hf-catalog-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `hyperfleet <args>` with only the catalog command registered; returns what it wrote to stdout. */
async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

interface JsonEntry {
  id: string;
  idleW: number | null;
  bf16Tflops: number | null;
  provenance: Record<string, string>;
  assumptions: { field: string; value: number; basis: string; overridable: boolean }[];
  ranges: Record<string, { low: number; high: number; used: number; why: string }>;
  sharing: { kind: string; profiles?: { name: string; milli: number }[] };
  [key: string]: unknown;
}

describe('hyperfleet catalog --json (in process)', () => {
  it('prints one JSON array with the required fields on every entry', async () => {
    const out = await run(['catalog', '--json']);
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    const entries = JSON.parse(out) as JsonEntry[];
    expect(Array.isArray(entries)).toBe(true);
    expect(entries.length).toBeGreaterThanOrEqual(19);
    const required = [
      'id',
      'vendor',
      'model',
      'memoryGiB',
      'tdpW',
      'idleW',
      'bf16Tflops',
      'priceUsd',
      'sources',
    ];
    for (const e of entries) {
      for (const k of [...required, 'sharing', 'assumptions', 'ranges', 'provenance'])
        expect(e, `${e.id}.${k}`).toHaveProperty(k);
    }
  });

  it('says in the JSON that idle power and the Zhenwu compute are assumed, and which range value is used', async () => {
    const entries = JSON.parse(await run(['catalog', '--json'])) as JsonEntry[];
    const h20 = entries.find((e) => e.id === 'nvidia-h20')!;
    expect(h20.provenance.idleW).toBe('assumed');
    expect(h20.assumptions).toContainEqual(
      expect.objectContaining({ field: 'idleW', value: 60, overridable: true }),
    );
    expect(h20.ranges.tdpW).toMatchObject({ low: 400, high: 550, used: 400 });
    expect(h20.sharing.profiles?.map((p) => p.name)).toEqual([
      '1g.12gb',
      '1g.24gb',
      '2g.24gb',
      '3g.48gb',
      '4g.48gb',
      '7g.96gb',
    ]);
    const zw = entries.find((e) => e.id === 't-head-zhenwu-810e')!;
    expect(zw.bf16Tflops).toBe(148);
    expect(zw.provenance.bf16Tflops).toBe('assumed');
    expect(zw.assumptions.find((a) => a.field === 'bf16Tflops')?.basis).toMatch(/H20/);
    const mlu590 = entries.find((e) => e.id === 'cambricon-mlu590')!;
    expect(mlu590.bf16Tflops).toBeNull();
  });
});

describe('hyperfleet catalog (table, in process)', () => {
  it('prints a table with markers, a legend, the assumptions and the openb mapping', async () => {
    const out = await run(['catalog']);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(
      /^id\s+vendor\s+model\s+mem GiB\s+BF16 TFLOPS\s+TDP W\s+idle W\s+price USD\s+sharing$/,
    );
    expect(lines.find((l) => l.startsWith('nvidia-h20 '))).toMatch(
      /\s96\s+148\s+~400\s+\*60\s+~12000\s+partitions 1g,2g,3g,4g,7g$/,
    );
    expect(lines.find((l) => l.startsWith('t-head-zhenwu-810e '))).toMatch(
      /\*148\s+400\s+\*60\s+-\s+partitions 4g,8g$/,
    );
    expect(lines.find((l) => l.startsWith('huawei-ascend-910b '))).toMatch(
      /~353\.9\s+-\s+-\s+16700\s+whole devices$/,
    );
    expect(out).toContain(
      'Legend: ~ chosen from a range of published values   * assumed (no published value)',
    );
    expect(out).toContain('idle W = 0.15 × TDP');
    expect(out).toMatch(/t-head-zhenwu-810e bf16Tflops = 148: .*H20/);
    expect(out).toContain('G2 → nvidia-a100 (assumed)');
  });

  it('marks values set by a catalog file', async () => {
    const path = join(tmp, 'mine.json');
    writeFileSync(path, JSON.stringify({ accelerators: [{ id: 'nvidia-a10', priceUsd: 3500 }] }));
    const out = await run(['catalog', '--catalog', path]);
    expect(out.split('\n').find((l) => l.startsWith('nvidia-a10 '))).toMatch(/\s\+3500\s+milli$/);
    expect(out).toContain(`+ set in ${path}`);
  });
});

const built = existsSync(join(projectRoot, 'dist/cli/commands/catalog.js'));
if (!built)
  console.warn('built-CLI catalog tests skipped: dist/cli/commands/catalog.js missing (run `npm run build`)');

describe.skipIf(!built)('hyperfleet catalog (built CLI)', () => {
  it('prints the JSON array and exits 0', () => {
    const r = runCli(['catalog', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const entries = JSON.parse(r.stdout) as JsonEntry[];
    expect(entries.map((e) => e.id)).toContain('kunlunxin-p800');
  });

  it('exits 2 with one line per problem for a bad catalog file', () => {
    const path = join(tmp, 'bad.json');
    writeFileSync(path, JSON.stringify({ accelerators: [{ id: 'nvidia-h20', tdpW: -1, idleW: 'x' }] }));
    const r = runCli(['catalog', '--catalog', path]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `✖ ${path}:1: accelerators[0](nvidia-h20).tdpW: expected a power in W > 0 and ≤ 5000, or null (700, not 700000: that is mW), got "-1"`,
    );
    expect(lines[1]).toMatch(/accelerators\[0\]\(nvidia-h20\)\.idleW: expected a power in W ≥ 0/);
  });
});
