/**
 * The built-in catalog as data: every entry sourced, ids stable and kebab-case, unknowns null (never 0), ranges and
 * assumptions explicit, and — when the project's reference table is next to the project — every figure equal to
 * the reference CSV (or inside its range), so the catalog cannot drift from the facts it was built from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../traces/locate.js';
import { BUILTIN_ACCELERATORS, DEFAULT_IDLE_FRACTION_OF_TDP, OPENB_GPU_TYPES } from './accelerators.js';
import { buildCatalog, KEBAB_ID } from './catalog.js';
import { BUILTIN_SHARING } from './sharing.js';
import { FIGURES, figureValue, type Figure } from './types.js';

const catalog = buildCatalog();
const byId = (id: string) => {
  const a = catalog.get(id);
  if (!a) throw new Error(`no catalog entry ${id}`);
  return a;
};

const REQUIRED_IDS = [
  'nvidia-h20',
  'nvidia-h100',
  'nvidia-h200',
  'nvidia-h800',
  'nvidia-a100',
  'nvidia-a800',
  'nvidia-l20',
  'nvidia-a10',
  'nvidia-v100-16gb',
  'nvidia-v100-32gb',
  'nvidia-t4',
  'nvidia-p100',
  't-head-zhenwu-810e',
  'huawei-ascend-910b',
  'huawei-ascend-910c',
  'cambricon-mlu590',
  'cambricon-mlu370',
  'kunlunxin-p800',
  'hygon-dcu-k100-ai',
];

describe('the built-in catalog', () => {
  it('has every model the issue requires', () => {
    for (const id of REQUIRED_IDS) expect(catalog.has(id), id).toBe(true);
  });

  it('has unique kebab-case ids that start with the vendor', () => {
    const ids = catalog.ids();
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of catalog.accelerators) {
      expect(a.id, a.id).toMatch(KEBAB_ID);
      const vendorWord = a.vendor.toLowerCase().split(/[^a-z0-9]+/)[0];
      const vendorPrefix = a.id === 't-head-zhenwu-810e' ? 't-head' : vendorWord;
      expect(a.id.startsWith(`${vendorPrefix}-`), `${a.id} starts with ${vendorPrefix}-`).toBe(true);
    }
  });

  it('gives every entry at least one source, and every published figure a source of its own', () => {
    for (const a of catalog.accelerators) {
      const all = Object.values(a.sources).flat();
      expect(all.length, a.id).toBeGreaterThan(0);
      for (const url of all) expect(url, a.id).toMatch(/^https?:\/\/\S+/);
      for (const f of FIGURES) {
        if (a.provenance[f] === 'sourced' || a.provenance[f] === 'range') {
          expect(a.sources[f]?.length ?? 0, `${a.id}.${f} has a source`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('cites only fields that exist in the entry (no stray evidence)', () => {
    const allowed = new Set<string>([...FIGURES, 'entry']);
    for (const spec of BUILTIN_ACCELERATORS) {
      for (const e of spec.evidence)
        for (const f of e.fields) expect(allowed.has(f), `${spec.id}: ${f}`).toBe(true);
    }
  });

  it('writes an unknown figure as null, never as 0', () => {
    for (const a of catalog.accelerators) {
      for (const f of FIGURES) {
        const v = figureValue(a, f);
        expect(v, `${a.id}.${f}`).not.toBe(0);
        const p = a.provenance[f];
        if (p === 'missing' || p === 'unsupported') expect(v, `${a.id}.${f}`).toBeNull();
        else expect(typeof v, `${a.id}.${f} (${p})`).toBe('number');
      }
    }
    const mlu590 = byId('cambricon-mlu590');
    expect(mlu590.bf16Tflops).toBeNull();
    expect(mlu590.provenance.bf16Tflops).toBe('missing');
    expect(mlu590.memoryGiB).toBeNull();
    expect(byId('nvidia-a100').fp8Tflops).toBeNull();
    expect(byId('nvidia-a100').provenance.fp8Tflops).toBe('unsupported');
  });

  it('keeps each range with both ends and uses a value inside it', () => {
    let ranges = 0;
    for (const a of catalog.accelerators) {
      for (const [f, r] of Object.entries(a.ranges)) {
        ranges++;
        expect(r.low, `${a.id}.${f}`).toBeLessThan(r.high);
        expect(r.used).toBeGreaterThanOrEqual(r.low);
        expect(r.used).toBeLessThanOrEqual(r.high);
        expect(r.why.length).toBeGreaterThan(10);
        expect(figureValue(a, f as Figure)).toBe(r.used);
        expect(a.provenance[f as Figure]).toBe('range');
      }
    }
    expect(ranges).toBeGreaterThan(10);
    expect(byId('nvidia-h20').ranges.tdpW).toMatchObject({ low: 400, high: 550, used: 400 });
  });

  it('fills a figure by assumption only where no source publishes one, and lists every assumption', () => {
    for (const spec of BUILTIN_ACCELERATORS) {
      for (const s of spec.assumptions ?? []) {
        const cell =
          s.field === 'scaleUpGBps'
            ? spec.scaleUp.gbps
            : spec[s.field as Exclude<Figure, 'idleW' | 'scaleUpGBps'>];
        expect(cell, `${spec.id}.${s.field} is assumed, so it has no published value`).toBeNull();
      }
    }
    for (const a of catalog.accelerators) {
      for (const f of FIGURES) {
        const listed = a.assumptions.filter((s) => s.field === f);
        if (a.provenance[f] === 'assumed') {
          expect(listed, `${a.id}.${f}`).toHaveLength(1);
          expect(listed[0].value).toBe(figureValue(a, f));
          expect(listed[0].overridable).toBe(true);
        } else {
          expect(listed, `${a.id}.${f}`).toHaveLength(0);
        }
      }
    }
  });

  it("assumes the Zhenwu 810E's compute and bandwidth at H20 parity, openly", () => {
    const zw = byId('t-head-zhenwu-810e');
    const h20 = byId('nvidia-h20');
    expect(zw.provenance.bf16Tflops).toBe('assumed');
    expect(zw.bf16Tflops).toBe(h20.bf16Tflops);
    expect(zw.memoryBandwidthTBps).toBe(h20.memoryBandwidthTBps);
    const bf16 = zw.assumptions.find((s) => s.field === 'bf16Tflops');
    expect(bf16?.basis).toMatch(/H20/);
    expect(bf16?.alternatives?.map((x) => x.value)).toEqual([386, 119]);
    expect(zw.priceUsd).toBeNull();
  });

  it('models idle power as an explicit fraction of TDP, never above TDP, and unknown without a TDP', () => {
    for (const a of catalog.accelerators) {
      if (a.tdpW === null) {
        expect(a.idleW, a.id).toBeNull();
        continue;
      }
      expect(a.provenance.idleW).toBe('assumed');
      expect(a.idleW).toBeCloseTo(DEFAULT_IDLE_FRACTION_OF_TDP * a.tdpW, 2);
      expect(a.idleW!).toBeLessThanOrEqual(a.tdpW);
      expect(a.assumptions.find((s) => s.field === 'idleW')?.basis).toMatch(/no source publishes idle power/);
    }
    expect(byId('huawei-ascend-910b').idleW).toBeNull();
  });

  it('gives every built-in entry its own sharing mode with a reason', () => {
    for (const a of catalog.accelerators) {
      expect(BUILTIN_SHARING[a.id], a.id).toBeDefined();
      expect(a.sharing.why.length).toBeGreaterThan(10);
    }
    for (const id of Object.keys(BUILTIN_SHARING)) expect(catalog.has(id), id).toBe(true);
  });

  it("sizes each model's largest partition like the device itself", () => {
    for (const a of catalog.accelerators) {
      if (a.sharing.kind !== 'partitions') continue;
      const largest = a.sharing.profiles[a.sharing.profiles.length - 1];
      expect(largest.milli, a.id).toBe(1000);
      expect(largest.memoryGiB, a.id).toBe(a.memoryGiB);
      for (const p of a.sharing.profiles) expect(p.memoryGiB!).toBeLessThanOrEqual(a.memoryGiB!);
    }
  });

  it('maps every openb GPU type to a catalog entry, flagging the undisclosed ones as assumed', () => {
    for (const [type, t] of Object.entries(OPENB_GPU_TYPES)) expect(catalog.has(t.id), type).toBe(true);
    expect(OPENB_GPU_TYPES.V100M32.id).toBe('nvidia-v100-32gb');
    expect(
      Object.entries(OPENB_GPU_TYPES)
        .filter(([, t]) => t.assumed)
        .map(([k]) => k),
    ).toEqual(['G2', 'G3']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Drift against the reference CSV.

const REFERENCE_CSV =
  process.env.HYPERFLEET_REFERENCE_CSV ?? join(projectRoot(), '../shared/reference/accelerators.csv');
const hasReference = existsSync(REFERENCE_CSV);

/** CSV column → catalog figure. */
const COLUMNS: Readonly<Record<string, Figure>> = {
  year: 'year',
  memory_gb: 'memoryGiB',
  memory_bw_tbps: 'memoryBandwidthTBps',
  bf16_fp16_dense_tflops: 'bf16Tflops',
  fp8_dense_tflops: 'fp8Tflops',
  int8_dense_tops: 'int8Tops',
  tdp_w: 'tdpW',
  scaleup_gbps_per_chip: 'scaleUpGBps',
  unit_price_usd: 'priceUsd',
};

/**
 * Figures the catalog deliberately classifies differently from the CSV, with the reason. The A800's bandwidth is
 * in the CSV but, by the reference's own note, taken from the A100: the catalog makes it an explicit assumption.
 */
const RECLASSIFIED: Readonly<Record<string, Partial<Record<Figure, string>>>> = {
  'nvidia-a800': { memoryBandwidthTBps: 'assumed' },
};

type RefCell =
  | { kind: 'empty' }
  | { kind: 'na' }
  | { kind: 'number'; value: number }
  | { kind: 'range'; low: number; high: number };

function readCell(raw: string): RefCell {
  const s = raw.trim();
  if (s === '') return { kind: 'empty' };
  if (s === 'n/a') return { kind: 'na' };
  const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(s);
  if (range) return { kind: 'range', low: Number(range[1]), high: Number(range[2]) };
  // A number with a label after it, e.g. "125 (FP16 tensor; no BF16)".
  const lead = /^(\d+(?:\.\d+)?)(?:\s|$)/.exec(s);
  if (lead) return { kind: 'number', value: Number(lead[1]) };
  throw new Error(`unreadable reference cell "${raw}"`);
}

describe.skipIf(!hasReference)('drift against the reference table', () => {
  if (!hasReference) {
    console.warn(
      `drift tests skipped: reference table not found at ${REFERENCE_CSV} (set HYPERFLEET_REFERENCE_CSV)`,
    );
    return;
  }
  const rows = parse(readFileSync(REFERENCE_CSV, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];

  it('covers every row of the reference, one entry per row', () => {
    const refs = BUILTIN_ACCELERATORS.map((s) => s.reference).filter((r) => r !== null);
    for (const row of rows) {
      const matches = refs.filter((r) => r.vendor === row.vendor && r.model === row.model);
      expect(matches, `${row.vendor} ${row.model}`).toHaveLength(1);
    }
    expect(refs).toHaveLength(rows.length);
  });

  it('equals the reference in every figure, or lies within its range', () => {
    let checked = 0;
    for (const spec of BUILTIN_ACCELERATORS) {
      const row = rows.find((r) => r.vendor === spec.reference?.vendor && r.model === spec.reference?.model);
      expect(row, spec.id).toBeDefined();
      const a = byId(spec.id);
      for (const [column, f] of Object.entries(COLUMNS)) {
        const ref = readCell(row![column]);
        const where = `${spec.id}.${f} (CSV ${column} = "${row![column]}")`;
        const value = figureValue(a, f);
        const expectedProvenance = RECLASSIFIED[spec.id]?.[f];
        checked++;
        switch (ref.kind) {
          case 'empty':
            expect(['missing', 'assumed'], where).toContain(a.provenance[f]);
            break;
          case 'na':
            expect(a.provenance[f], where).toBe('unsupported');
            expect(value, where).toBeNull();
            break;
          case 'number':
            expect(a.provenance[f], where).toBe(expectedProvenance ?? 'sourced');
            expect(value, where).toBe(ref.value);
            break;
          case 'range': {
            expect(a.provenance[f], where).toBe('range');
            const r = a.ranges[f];
            expect(r, where).toMatchObject({ low: ref.low, high: ref.high });
            expect(value!, where).toBeGreaterThanOrEqual(ref.low);
            expect(value!, where).toBeLessThanOrEqual(ref.high);
            break;
          }
        }
      }
    }
    expect(checked).toBe(BUILTIN_ACCELERATORS.length * Object.keys(COLUMNS).length);
  });

  it('cites only URLs the reference gives (mostly for the same row; the 910-series FP8 note serves both)', () => {
    const refUrls = new Set(rows.flatMap((r) => r.source.split(/\s+/)));
    for (const spec of BUILTIN_ACCELERATORS) {
      for (const e of spec.evidence)
        for (const u of e.urls) expect(refUrls.has(u), `${spec.id}: ${u}`).toBe(true);
    }
  });
});
