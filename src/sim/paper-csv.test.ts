import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import {
  PAPER_CSV_FILE,
  formatPaperCsv,
  paperCsvHeader,
  parsePaperCsv,
  type PaperCsvKind,
  type PaperRow,
} from './paper-csv.js';

const EXPECTED_DIR = '/work/shared/expected/fgd-atc23';
const PUBLISHED: Record<PaperCsvKind, string> = {
  allo: 'default_allo.csv',
  frag: 'default_frag.csv',
  fragratio: 'default_fragratio.csv',
};
const haveExpected = existsSync(join(EXPECTED_DIR, PUBLISHED.allo));

function series(f: (x: number) => number): number[] {
  return Array.from({ length: 131 }, (_, x) => f(x));
}

function row(over: Partial<PaperRow>): PaperRow {
  return {
    workload: 'openb_pod_list_default',
    scPolicy: '06-FGD',
    tune: 1.3,
    seed: 42,
    totalGpus: 6212,
    allocation: series((x) => x),
    fragAmount: series(() => 0.25),
    fragRatio: series(() => 13.919183673469389),
    ...over,
  };
}

describe('paperCsvHeader', () => {
  it('has total_gpus only in the allocation file and columns 0…130 in all three', () => {
    const allo = paperCsvHeader('allo');
    expect(allo.slice(0, 6)).toEqual(['workload', 'sc_policy', 'tune', 'seed', 'total_gpus', '0']);
    expect(allo).toHaveLength(136);
    expect(allo[135]).toBe('130');
    expect(paperCsvHeader('frag').slice(0, 5)).toEqual(['workload', 'sc_policy', 'tune', 'seed', '0']);
    expect(paperCsvHeader('fragratio')).toHaveLength(135);
  });

  it('names the files like the reference pipeline', () => {
    expect(PAPER_CSV_FILE.fragratio).toBe('analysis_frag_ratio_discrete.csv');
  });
});

describe('formatPaperCsv', () => {
  it('writes cells as Python floats, tune like Python and integers plainly, with \\n after every line', () => {
    const text = formatPaperCsv('allo', [row({})]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1].startsWith('openb_pod_list_default,06-FGD,1.3,42,6212,0.0,1.0,2.0,3.0,')).toBe(true);
    expect(lines[1].endsWith(',130.0')).toBe(true);
    expect(formatPaperCsv('frag', [row({})]).split('\n')[1]).toMatch(
      /^openb_pod_list_default,06-FGD,1.3,42,0.25,/,
    );
    expect(formatPaperCsv('fragratio', [row({})]).split('\n')[1]).toContain(',42,13.919183673469389,');
  });

  it('writes NaN as an empty cell and keeps full repr precision', () => {
    const r = row({ fragRatio: series((x) => (x === 1 ? NaN : x === 2 ? 99.56999999999996 : 1e-5)) });
    const cells = formatPaperCsv('fragratio', [r]).split('\n')[1].split(',');
    expect(cells.slice(4, 7)).toEqual(['1e-05', '', '99.56999999999996']);
  });

  it('sorts by workload, policy, tune and seed as strings, keeping input order for equal keys', () => {
    const rows = [
      row({ scPolicy: '06-FGD', seed: 43 }),
      row({ scPolicy: '01-Random', seed: 51 }),
      row({ workload: 'openb_pod_list_cpu050', scPolicy: '06-FGD', seed: 42 }),
      row({ scPolicy: '01-Random', seed: 42 }),
      row({ scPolicy: '06-FGD', seed: 100 }), // string sort: "100" < "43"
    ];
    const keys = formatPaperCsv('frag', rows)
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 4).join(','));
    expect(keys).toEqual([
      'openb_pod_list_cpu050,06-FGD,1.3,42',
      'openb_pod_list_default,01-Random,1.3,42',
      'openb_pod_list_default,01-Random,1.3,51',
      'openb_pod_list_default,06-FGD,1.3,100',
      'openb_pod_list_default,06-FGD,1.3,43',
    ]);
  });

  it('refuses a series that does not have 131 points', () => {
    expect(() => formatPaperCsv('allo', [row({ allocation: [1, 2, 3] })])).toThrow(RangeError);
  });
});

describe('parsePaperCsv', () => {
  it('reads back what formatPaperCsv writes, raw cells included', () => {
    const text = formatPaperCsv('allo', [row({ allocation: series((x) => (x === 5 ? NaN : x / 4)) })]);
    const parsed = parsePaperCsv(text);
    expect(parsed.hasTotalGpus).toBe(true);
    expect(parsed.rows).toHaveLength(1);
    const r = parsed.rows[0];
    expect([r.workload, r.scPolicy, r.tune, r.seed, r.totalGpus]).toEqual([
      'openb_pod_list_default',
      '06-FGD',
      1.3,
      42,
      6212,
    ]);
    expect(r.cells.slice(0, 6)).toEqual(['0.0', '0.25', '0.5', '0.75', '1.0', '']);
    expect(r.values[5]).toBeNaN();
    expect(r.values[130]).toBe(32.5);
    expect(r.line).toBe(2);
  });

  it('accepts CRLF line endings and quoted fields', () => {
    const text = formatPaperCsv('frag', [row({ workload: 'odd,"name"' })]).replace(/\n/g, '\r\n');
    const parsed = parsePaperCsv(text);
    expect(parsed.hasTotalGpus).toBe(false);
    expect(parsed.rows[0].workload).toBe('odd,"name"');
    expect(parsed.rows[0].values[0]).toBe(0.25);
  });

  it('reports a malformed header, a short line or a non-numeric cell as an InputError with the line', () => {
    expect(() => parsePaperCsv('a,b,c\n', 'x.csv')).toThrow(InputError);
    const good = formatPaperCsv('frag', [row({})]);
    const short = good.replace(/,0\.25\n$/, '\n');
    expect(() => parsePaperCsv(short, 'x.csv')).toThrow(/x\.csv:2/);
    const bad = good.replace(',0.25,', ',abc,');
    expect(() => parsePaperCsv(bad, 'x.csv')).toThrow(/x\.csv:2: 0: expected a number, got "abc"/);
    expect(() => parsePaperCsv('')).toThrow(InputError);
  });
});

const roundTripName = haveExpected
  ? 'reproduces the published %s file text exactly when formatting its own numbers'
  : `reproduces the published %s file text exactly (skipped: ${EXPECTED_DIR} is missing)`;

describe('published files round trip', () => {
  it.skipIf(!haveExpected).each(['allo', 'frag', 'fragratio'] as const)(roundTripName, (kind) => {
    const original = readFileSync(join(EXPECTED_DIR, PUBLISHED[kind]), 'utf8');
    const parsed = parsePaperCsv(original, PUBLISHED[kind]);
    expect(parsed.rows).toHaveLength(60);
    expect(parsed.hasTotalGpus).toBe(kind === 'allo');
    const rows: PaperRow[] = parsed.rows.map((r) => ({
      workload: r.workload,
      scPolicy: r.scPolicy,
      tune: r.tune,
      seed: r.seed,
      totalGpus: r.totalGpus ?? 0,
      allocation: kind === 'allo' ? r.values : [],
      fragAmount: kind === 'frag' ? r.values : [],
      fragRatio: kind === 'fragratio' ? r.values : [],
    }));
    // Reverse the input so the text only matches if the formatter's sort restores the published order.
    const text = formatPaperCsv(kind, rows.reverse());
    expect(text).toBe(original);
  });
});
