/**
 * @module sim/paper-csv
 * Writer and reader for the three published result files of the FGD paper (spec `fgd-reproduction.md` §7.1):
 * `analysis_allo_discrete.csv` (header `workload,sc_policy,tune,seed,total_gpus,0,…,130`),
 * `analysis_frag_discrete.csv` and `analysis_frag_ratio_discrete.csv` (header `workload,sc_policy,tune,seed,0,…,130`).
 * The writer reproduces pandas' `to_csv` text (Python float repr cells, §10 item 7; `\n` line endings; empty cell
 * for NaN); the reader keeps the raw cell strings so fidelity tests can compare textually.
 */
import { paperLabel, type PolicyName } from '../policies/index.js';
import { ErrorCode, InputError } from '../errors/index.js';
import { pyRepr } from './number-format.js';
import { defragSeriesLabel } from './paper-defrag.js';
import { PAPER_POINTS } from './paper-series.js';

/** Which published file: allocation, fragmentation amount, fragmentation ratio. */
export type PaperCsvKind = 'allo' | 'frag' | 'fragratio';

/** The file name the reference pipeline gives each kind (§7.1). */
export const PAPER_CSV_FILE: Readonly<Record<PaperCsvKind, string>> = {
  allo: 'analysis_allo_discrete.csv',
  frag: 'analysis_frag_discrete.csv',
  fragratio: 'analysis_frag_ratio_discrete.csv',
};

/** One experiment (trace × policy × tune × seed) with its three series (see `sim/paper-series`). */
export interface PaperRow {
  /** Trace folder name, e.g. `openb_pod_list_default`. */
  workload: string;
  /** Policy folder name, e.g. `06-FGD`. */
  scPolicy: string;
  /** GPU-request tune factor (1.3 in the paper), printed as a Python float. */
  tune: number;
  /** Integer seed (42…51 in the paper). */
  seed: number;
  /** Total cluster GPUs (only written to the `allo` file). */
  totalGpus: number;
  /** Allocation cells x = 0…130 (only read for `allo`). */
  allocation: readonly number[];
  /** Fragmentation-amount cells (only read for `frag`). */
  fragAmount: readonly number[];
  /** Fragmentation-ratio cells (only read for `fragratio`). */
  fragRatio: readonly number[];
}

/**
 * One experiment's result as a row of the paper's CSVs (trace name without prefix, policy by its name); a run of
 * the defrag variant is a series of its own, its policy's label with `+defrag≤k` (`06-FGD+defrag≤2`).
 */
export function paperRowOf(r: {
  readonly workload: string;
  readonly policy: PolicyName;
  readonly tune: number;
  readonly seed: number;
  readonly totalGpus: number;
  readonly allocation: readonly number[];
  readonly fragAmount: readonly number[];
  readonly fragRatio: readonly number[];
  readonly defrag?: { readonly maxMoves: number };
}): PaperRow {
  const label = paperLabel(r.policy);
  return {
    workload: `openb_pod_list_${r.workload}`,
    scPolicy: r.defrag ? defragSeriesLabel(label, r.defrag.maxMoves) : label,
    tune: r.tune,
    seed: r.seed,
    totalGpus: r.totalGpus,
    allocation: r.allocation,
    fragAmount: r.fragAmount,
    fragRatio: r.fragRatio,
  };
}

/** Header line fields of the given kind. */
export function paperCsvHeader(kind: PaperCsvKind): string[] {
  const head = ['workload', 'sc_policy', 'tune', 'seed'];
  if (kind === 'allo') head.push('total_gpus');
  for (let x = 0; x < PAPER_POINTS; x++) head.push(String(x));
  return head;
}

/** One value cell as pandas writes a float64: Python repr, NaN as an empty cell. */
export function paperCell(v: number): string {
  return Number.isNaN(v) ? '' : pyRepr(v);
}

/** Sort key fields: folder names compared as strings (§7.1 "string sort"); seeds 42…51 sort the same either way. */
function sortKey(r: PaperRow): [string, string, string, string] {
  return [r.workload, r.scPolicy, pyRepr(r.tune), String(r.seed)];
}

/** Code-unit string comparison (Python compares code points; identical for the ASCII names used here). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Quotes a text field like Python's csv module (QUOTE_MINIMAL) when it contains a delimiter, quote or newline. */
function textField(s: string): string {
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/**
 * The full text of one published file: header, then one line per row sorted by workload, sc_policy, tune, seed
 * (stable for equal keys), `\n` after every line including the last.
 */
export function formatPaperCsv(kind: PaperCsvKind, rows: readonly PaperRow[]): string {
  const keyed = rows.map((r, i) => ({ r, i, k: sortKey(r) }));
  keyed.sort((a, b) => {
    for (let f = 0; f < 4; f++) {
      const c = cmp(a.k[f], b.k[f]);
      if (c !== 0) return c;
    }
    return a.i - b.i;
  });
  const out: string[] = [paperCsvHeader(kind).join(',')];
  for (const { r } of keyed) {
    if (!Number.isInteger(r.seed)) throw new RangeError(`seed must be an integer, got ${r.seed}`);
    const series = kind === 'allo' ? r.allocation : kind === 'frag' ? r.fragAmount : r.fragRatio;
    if (series.length !== PAPER_POINTS) {
      throw new RangeError(
        `${r.workload}/${r.scPolicy}/${r.seed}: ${kind} series has ${series.length} values, expected ${PAPER_POINTS}`,
      );
    }
    const cells = [textField(r.workload), textField(r.scPolicy), pyRepr(r.tune), String(r.seed)];
    if (kind === 'allo') {
      if (!Number.isInteger(r.totalGpus))
        throw new RangeError(`total_gpus must be an integer, got ${r.totalGpus}`);
      cells.push(String(r.totalGpus));
    }
    for (const v of series) cells.push(paperCell(v));
    out.push(cells.join(','));
  }
  return out.join('\n') + '\n';
}

/** One parsed data line of a published file. */
export interface ParsedPaperRow {
  /** 1-based line number in the file (header is line 1). */
  line: number;
  workload: string;
  scPolicy: string;
  tune: number;
  seed: number;
  /** `total_gpus` column, or undefined in the two frag files. */
  totalGpus: number | undefined;
  /** Value cells x = 0…130 as numbers (empty cell → NaN). */
  values: number[];
  /** Value cells x = 0…130 exactly as written. */
  cells: string[];
  /** The tune and seed cells exactly as written. */
  tuneRaw: string;
  seedRaw: string;
}

/** A parsed published file. */
export interface ParsedPaperCsv {
  header: string[];
  /** True for the `allo` layout (has a `total_gpus` column). */
  hasTotalGpus: boolean;
  rows: ParsedPaperRow[];
}

/** Splits one CSV line into fields, honouring double-quoted fields with `""` escapes. */
function splitCsvLine(s: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (s[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) {
          v += s.slice(i);
          i = s.length;
          break;
        }
        v += s.slice(i, q);
        if (s[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const c = s.indexOf(',', i);
      fields.push(v + (c < 0 ? s.slice(i) : s.slice(i, c)));
      if (c < 0) return fields;
      i = c + 1;
    } else {
      const c = s.indexOf(',', i);
      if (c < 0) {
        fields.push(s.slice(i));
        return fields;
      }
      fields.push(s.slice(i, c));
      i = c + 1;
    }
  }
}

/** A float cell as Python would read it back (`''` → NaN, `nan`, `inf`, `-inf`, repr/decimal text). */
function parseFloatCell(cell: string): number {
  if (cell === '' || cell === 'nan') return NaN;
  if (cell === 'inf') return Infinity;
  if (cell === '-inf') return -Infinity;
  const v = Number(cell);
  return cell.trim() === cell ? v : NaN;
}

/**
 * Reads a published file (either layout). Throws {@link InputError} on a malformed header, a wrong number of
 * fields, or a cell that is not a number. `file` only labels error messages.
 */
export function parsePaperCsv(text: string, file?: string): ParsedPaperCsv {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new InputError(ErrorCode.FileEmpty, { file, message: 'empty file' });
  const strip = (l: string): string => (l.endsWith('\r') ? l.slice(0, -1) : l);
  const header = splitCsvLine(strip(lines[0]));
  const hasTotalGpus = header[4] === 'total_gpus';
  const expected = paperCsvHeader(hasTotalGpus ? 'allo' : 'frag');
  if (header.join(',') !== expected.join(',')) {
    throw new InputError(ErrorCode.NotCsv, {
      file,
      line: 1,
      expected: `header ${expected.slice(0, 7).join(',')},…,${PAPER_POINTS - 1}`,
      got: header.join(',').slice(0, 80),
    });
  }
  const first = hasTotalGpus ? 5 : 4;
  const rows: ParsedPaperRow[] = [];
  for (let li = 1; li < lines.length; li++) {
    const lineNo = li + 1;
    const f = splitCsvLine(strip(lines[li]));
    if (f.length !== header.length) {
      throw new InputError(ErrorCode.InvalidField, {
        file,
        line: lineNo,
        expected: `${header.length} fields`,
        got: `${f.length} fields`,
      });
    }
    const num = (cell: string, field: string, integer: boolean): number => {
      const v = parseFloatCell(cell);
      if (cell === '' || Number.isNaN(v) || (integer && !Number.isInteger(v))) {
        throw new InputError(ErrorCode.InvalidField, {
          file,
          line: lineNo,
          field,
          expected: integer ? 'an integer' : 'a number',
          got: cell,
        });
      }
      return v;
    };
    const cells = f.slice(first);
    const values = cells.map((c, x) => {
      const v = parseFloatCell(c);
      if (c !== '' && c !== 'nan' && Number.isNaN(v)) num(c, String(x), false);
      return v;
    });
    rows.push({
      line: lineNo,
      workload: f[0],
      scPolicy: f[1],
      tune: num(f[2], 'tune', false),
      seed: num(f[3], 'seed', true),
      totalGpus: hasTotalGpus ? num(f[4], 'total_gpus', true) : undefined,
      values,
      cells,
      tuneRaw: f[2],
      seedRaw: f[3],
    });
  }
  return { header, hasTotalGpus, rows };
}
