/**
 * @module input/csv-records
 * CSV text as records with the physical line each starts on, and the messages for files that are not CSV at all:
 * empty, gzip-compressed, binary, a JSON or HTML document, quoting csv-parse cannot read.
 *
 * Files without a quote character or carriage return — every openb and GenAI trace file — take a fast path: one
 * record per line, one field per comma, which is exactly what an RFC 4180 parser returns, about five times faster
 * than csv-parse (3 vs 16 ms for the openb default pod list). Anything else goes through csv-parse, loaded on first
 * use. (traces/openb.test.ts checks both paths agree on every shared trace file.)
 */
import { createRequire } from 'node:module';
import type { Options } from 'csv-parse/sync';
import { ErrorCode, InputError } from '../errors/index.js';
import { readInputFile } from './input-file.js';
import { clip } from './issue-list.js';

/** What a CSV file should be, for messages. */
export interface CsvKind {
  /** With its article, without "CSV": `an openb pod list`. */
  readonly what: string;
  /** The header line a file of this kind starts with (its required columns): `name,cpu_milli,…`. */
  readonly header: string;
}

/** The records of a CSV text. */
export interface CsvRecords {
  /** Number of records, header included. */
  readonly count: number;
  /**
   * Record r (0: the header). Plain files are split one line at a time, as rows are read: the fields of a row then
   * die young, instead of all the table's strings surviving (and being copied by) several garbage collections.
   */
  readonly record: (r: number) => string[];
  /** Physical line (1-based) record r starts on. */
  readonly lineOf: (r: number) => number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads a CSV file as text, turning the usual failures into messages about the file: missing, unreadable,
 * gzip-compressed or binary. `hint` says how to get the file when it is missing.
 */
export function readCsvFile(file: string, kind: CsvKind, hint?: string): string {
  const buf = readInputFile(file, { what: `${kind.what} CSV`, ...(hint ? { hint } : {}) });
  if (buf[0] === GZIP_MAGIC[0] && buf[1] === GZIP_MAGIC[1]) {
    throw new InputError(ErrorCode.NotCsv, {
      file,
      message: 'gzip-compressed data, not a CSV text file (decompress it first, e.g. with gunzip)',
    });
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    throw new InputError(ErrorCode.NotCsv, {
      file,
      message: `binary data (NUL byte at offset ${nul}), not a CSV text file (expected ${kind.what})`,
    });
  }
  return buf.toString('utf8');
}

/** The records of CSV `text` (a leading byte-order mark ignored); `file` and `kind` are for messages. */
export function csvRecords(text: string, file: string, kind: CsvKind): CsvRecords {
  if (isBlank(text)) {
    throw new InputError(ErrorCode.FileEmpty, {
      file,
      message: `file is empty (expected ${kind.what} CSV with a header line "${kind.header}")`,
    });
  }
  const firstLine = firstLineOf(text);
  const lead = firstLine.trimStart()[0];
  if (lead === '{' || lead === '[' || lead === '<') {
    throw new InputError(ErrorCode.NotCsv, {
      file,
      line: 1,
      message: lead === '<' ? 'looks like HTML or XML, not CSV' : 'looks like a JSON document, not CSV',
      expected: `a CSV header line "${kind.header}"`,
      got: clip(firstLine),
    });
  }
  const quoted = text.indexOf('"') >= 0;
  if (!quoted && text.indexOf('\r') < 0) return plainRecords(text);
  try {
    // Without quotes a record is one physical line, so the index gives the line; csv-parse's per-record line
    // info is ~8 times slower and only needed when a quoted field may span lines.
    if (!quoted) return recordsOf(parseCsvRecords(text));
    const withInfo = parse(text, { bom: true, relax_column_count: true, info: true }) as unknown as {
      info: { lines: number };
      record: string[];
    }[];
    // info.lines is the line a record ends on; report the line it starts on (the one after the previous record).
    const lines = withInfo.map((r, i) => (i === 0 ? 1 : withInfo[i - 1].info.lines + 1));
    const records = withInfo.map((r) => r.record);
    return { count: records.length, record: (r) => records[r], lineOf: (r) => lines[r] };
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    if (!err.code) throw e;
    if (err.lines === undefined || err.lines <= 1) throw notCsvHeader(file, kind, firstLine);
    throw new InputError(ErrorCode.NotCsv, {
      file,
      line: err.lines,
      message: `malformed CSV: ${err.message}`,
    });
  }
}

/** The error for a first line that is no header of `kind`. */
export function notCsvHeader(file: string, kind: CsvKind, firstLine: string): InputError {
  return new InputError(ErrorCode.NotCsv, {
    file,
    line: 1,
    message: `no recognised header, not ${kind.what} CSV file`,
    expected: `a header line "${kind.header}"`,
    got: clip(firstLine),
  });
}

/** {@link csvRecords}' fast path for quote-free CSV, all records at once (the reference is {@link parseCsvRecords}). */
export function splitPlainCsv(input: Buffer | string): string[][] {
  const { count, record } = plainRecords(String(input));
  return Array.from({ length: count }, (_, r) => record(r));
}

/**
 * The records of a plain CSV text: one per line, the final newline ending the last one. Only the offset where each
 * line starts is kept (in a typed array), not a string per line: the strings a table's lines would need all
 * survive — and are copied by — the garbage collections that loading a trace triggers.
 */
function plainRecords(text: string): CsvRecords {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let starts = new Int32Array(1024);
  let count = 0;
  // An empty text is one empty record, as splitting it would give.
  for (let at = 0; count === 0 || at < text.length; count++) {
    if (count === starts.length) {
      const grown = new Int32Array(2 * count);
      grown.set(starts);
      starts = grown;
    }
    starts[count] = at;
    const newline = text.indexOf('\n', at);
    at = newline < 0 ? text.length : newline + 1;
  }
  const record = (r: number): string[] => {
    const end = r + 1 < count ? starts[r + 1] - 1 : text.endsWith('\n') ? text.length - 1 : text.length;
    return text.slice(starts[r], end).split(',');
  };
  return { count, record, lineOf: (r) => r + 1 };
}

function recordsOf(records: string[][]): CsvRecords {
  return { count: records.length, record: (r) => records[r], lineOf: (r) => r + 1 };
}

type CsvParse = (input: Buffer | string, options: Options) => unknown;
let csvParse: CsvParse | undefined;

/**
 * csv-parse, loaded on first use: the trace files never need it, and loading it costs more than parsing a whole
 * openb trace. Its CommonJS build is required synchronously, so the parsers stay synchronous.
 */
function parse(input: Buffer | string, options: Options): unknown {
  csvParse ??= (createRequire(import.meta.url)('csv-parse/sync') as { parse: CsvParse }).parse;
  return csvParse(input, options);
}

/** Full CSV parsing (quotes, CRLF, …) with csv-parse; the reference for {@link splitPlainCsv}. */
export function parseCsvRecords(input: Buffer | string): string[][] {
  return parse(input, { bom: true, relax_column_count: true }) as string[][];
}

/** True for an empty text or one holding only whitespace (and maybe a byte-order mark). */
function isBlank(text: string): boolean {
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

function firstLineOf(text: string): string {
  return text
    .slice(0, 1024)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n|\r/)[0];
}
