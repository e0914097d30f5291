/**
 * @module traces/openb
 * Loads the Alibaba cluster-trace-gpu-v2023 ("openb") CSV files — the node lists and the pod lists of the FGD
 * paper — into {@link NodeSpec}s and {@link PodSpec}s, converting each pod row exactly as the reference simulator
 * does (spec fgd-reproduction §1.2).
 *
 * Every row is validated; bad input becomes one {@link InputError} listing up to {@link IssueList | MAX_ISSUES} problems as
 * `file:line: column: expected …, got "…"` (line is the physical line in the file, header = 1), so a user sees
 * several mistakes at once. Each column's rule is written once, in the column tables below.
 */
import { createRequire } from 'node:module';
import type { Options } from 'csv-parse/sync';
import { ErrorCode, InputError } from '../errors/index.js';
import {
  MILLI_PER_DEVICE,
  type NodeSpec,
  type PodResources,
  type PodSpec,
  type PodTable,
  ShapeIndex,
} from '../model/index.js';
import { IssueList, readInputFile } from '../input/index.js';

/** Pods of one openb pod list, with the 1-based line each pod came from (`lines[i]` is the line of `pods[i]`). */
export interface OpenbPodList {
  readonly pods: PodSpec[];
  readonly lines: number[];
}

/** The same as a {@link PodTable} (`lines[i]` is the line of row i): what a simulation loads. */
export interface OpenbPodTable {
  readonly table: PodTable;
  readonly lines: number[];
}

// ---------------------------------------------------------------------------------------------------------------
// Column rules: one definition per column, shared by the node and pod tables.

/** Returned by a column parser for a value that breaks the column's rule. */
const INVALID: unique symbol = Symbol('invalid');

interface Column<T> {
  /** Required columns must be in the header; a missing optional column reads as an empty field. */
  readonly required: boolean;
  /** What a valid value looks like, shown to the user. */
  readonly expected: string;
  readonly parse: (raw: string) => T | typeof INVALID;
}

type Columns<Row> = { readonly [K in keyof Row]: Column<Row[K]> };

const UINT = /^[0-9]+$/;

function wholeNumber(unit: string, required = true): Column<number> {
  return {
    required,
    expected: `a whole number ≥ 0 (${unit})`,
    parse: (raw) => {
      if (!UINT.test(raw)) return INVALID;
      const n = Number(raw);
      return Number.isSafeInteger(n) ? n : INVALID;
    },
  };
}

function name(required = true): Column<string> {
  return { required, expected: 'a non-empty name', parse: (raw) => (raw.trim() === '' ? INVALID : raw) };
}

/** Free text (GPU model, type constraint, QoS …); an empty field is allowed. */
function text(required: boolean): Column<string> {
  return { required, expected: 'text', parse: (raw) => raw };
}

/** Seconds from the start of the trace; empty (or column absent) means unknown. */
function seconds(): Column<number | undefined> {
  return {
    required: false,
    expected: 'a number of seconds, or an empty field',
    parse: (raw) => {
      if (raw === '') return undefined;
      const n = raw.trim() === '' ? NaN : Number(raw);
      return Number.isFinite(n) ? n : INVALID;
    },
  };
}

interface NodeRow {
  sn: string;
  cpu_milli: number;
  memory_mib: number;
  gpu: number;
  model: string;
}

const NODE_COLUMNS: Columns<NodeRow> = {
  sn: name(),
  cpu_milli: wholeNumber('milli-cores'),
  memory_mib: wholeNumber('MiB'),
  gpu: wholeNumber('GPU count'),
  model: text(true),
};

interface PodRow {
  name: string;
  cpu_milli: number;
  memory_mib: number;
  num_gpu: number;
  gpu_milli: number;
  gpu_spec: string;
  qos: string;
  pod_phase: string;
  creation_time: number | undefined;
  deletion_time: number | undefined;
  scheduled_time: number | undefined;
}

const POD_COLUMNS: Columns<PodRow> = {
  name: name(),
  cpu_milli: wholeNumber('milli-cores'),
  memory_mib: wholeNumber('MiB'),
  num_gpu: wholeNumber('GPU count'),
  gpu_milli: wholeNumber('milli-GPU per GPU, 1000 = a whole GPU'),
  gpu_spec: text(false),
  qos: text(false),
  pod_phase: text(false),
  creation_time: seconds(),
  deletion_time: seconds(),
  scheduled_time: seconds(),
};

// ---------------------------------------------------------------------------------------------------------------
// Public loaders.

/** Loads an openb node list (`openb_node_list_gpu_node.csv` or `openb_node_list_all_node.csv`). */
export async function loadOpenbNodes(file: string): Promise<NodeSpec[]> {
  const { items } = await loadTable(file, {
    what: 'openb node list',
    columns: NODE_COLUMNS,
    nameColumn: 'sn',
    build: (r, issue) => {
      // A GPU node must say which model its GPUs are: the type constraints of pods match on it.
      if (r.gpu > 0 && r.model.trim() === '') {
        issue('model', 'a GPU model name such as V100M32 (the node has gpu > 0)', r.model);
        return undefined;
      }
      return { name: r.sn, cpuMilli: r.cpu_milli, memMiB: r.memory_mib, gpuCount: r.gpu, gpuModel: r.model };
    },
  });
  return items;
}

/**
 * Loads an openb pod list (`openb_pod_list_<trace>.csv`, 11 columns, or the 5-column multigpu files).
 * Returns the pods in file order plus the line of each, for messages about a pod found later (e.g. by
 * {@link checkGpuTypesExist}).
 */
export async function loadOpenbPods(file: string): Promise<OpenbPodList> {
  // One string per distinct QoS class rather than one per pod: pods live through the whole simulation.
  const qosNames = new Map<string, string>();
  const { items, lines } = await loadTable(
    file,
    podTableSpec((row) => podFromRow(row, qosNames)),
  );
  return { pods: items, lines };
}

/**
 * Loads an openb pod list as a {@link PodTable}: one pod object per distinct request, and per row only its
 * request's index; a row's name, QoS and times are read again from the file's text when asked for. The same rows,
 * checks and messages as {@link loadOpenbPods}.
 */
export async function loadOpenbPodTable(file: string): Promise<OpenbPodTable> {
  const qosNames = new Map<string, string>();
  const shapes = new ShapeIndex();
  const probe = { cpuMilli: 0, memMiB: 0, gpuCount: 0, gpuMilli: 0, gpuTypes: NO_TYPES }; // refilled per row
  const { items, lines, records, reread, ascendingNames } = await loadTable(
    file,
    podTableSpec((row) => {
      const known = shapes.find(requestOfRow(row, probe));
      return known >= 0 ? known : shapes.add(podFromRow(row, qosNames));
    }),
  );
  const podAt = (row: number): PodSpec => podFromRow(reread(records[row]), qosNames);
  return {
    table: {
      count: items.length,
      shapes: shapes.shapes,
      shapeOf: Int32Array.from(items),
      sortedByName: ascendingNames,
      nameOf: (row) => reread(records[row]).name,
      podAt,
    },
    lines,
  };
}

function podTableSpec<T>(build: (row: PodRow) => T): TableSpec<PodRow, T> {
  return { what: 'openb pod list', columns: POD_COLUMNS, nameColumn: 'name', build };
}

const NO_TYPES: readonly string[] = Object.freeze([]);

/** The resource fields of a pod row, written into `into` (see {@link podFromRow}). */
function requestOfRow(
  r: PodRow,
  into: { -readonly [K in keyof PodResources]: PodResources[K] },
): PodResources {
  let gpuCount = r.num_gpu;
  // gpu_milli is ignored for CPU-only pods and capped at one whole GPU.
  const gpuMilli = gpuCount === 0 ? 0 : Math.min(r.gpu_milli, MILLI_PER_DEVICE);
  if (gpuMilli === 0) gpuCount = 0; // a GPU pod asking for 0 milli is a CPU-only pod
  into.cpuMilli = r.cpu_milli;
  into.memMiB = r.memory_mib;
  into.gpuCount = gpuCount;
  into.gpuMilli = gpuMilli;
  into.gpuTypes =
    gpuCount > 0 && r.gpu_spec !== '' ? r.gpu_spec.split('|').filter((t) => t !== '') : NO_TYPES;
  return into;
}

/** One pod row → PodSpec, as data/pod_csv_to_yaml.py plus the simulator's resource parsing do (spec §1.2). */
function podFromRow(r: PodRow, qosNames: Map<string, string>): PodSpec {
  const pod = {
    name: r.name,
    cpuMilli: 0,
    memMiB: 0,
    gpuCount: 0,
    gpuMilli: 0,
    gpuTypes: NO_TYPES,
    qos: r.qos === '' ? undefined : internIn(qosNames, r.qos),
    creationTimeSec: r.creation_time,
    deletionTimeSec: r.deletion_time,
    scheduledTimeSec: r.scheduled_time,
  };
  requestOfRow(r, pod);
  return pod;
}

/** The instance of `s` already in `names`, or `s` (then added). */
function internIn(names: Map<string, string>, s: string): string {
  const known = names.get(s);
  if (known !== undefined) return known;
  names.set(s, s);
  return s;
}

/**
 * Refuses pods whose `gpu_spec` names a GPU type that no node has: such a pod could never be placed on that
 * model, which is almost always a mismatch between the node and pod files. `podFile` is the pod file as the user
 * named it; `podList.lines` gives each pod's line.
 */
export function checkGpuTypesExist(
  nodes: readonly NodeSpec[],
  podList: OpenbPodList | OpenbPodTable,
  podFile: string,
): void {
  const known = new Set<string>();
  for (const n of nodes) if (n.gpuCount > 0 && n.gpuModel !== '') known.add(n.gpuModel);
  const knownList = [...known].sort().join(', ') || '(none: no node has a GPU)';
  const issues = new IssueList(podFile);
  const typesOf =
    'table' in podList
      ? (i: number) => podList.table.shapes[podList.table.shapeOf[i]].gpuTypes
      : (i: number) => podList.pods[i].gpuTypes;
  for (let i = 0; i < podList.lines.length; i++) {
    const types = typesOf(i);
    if (types.length === 0) continue; // most pods: no constraint
    const unknown = types.filter((t) => !known.has(t));
    if (unknown.length === 0) continue;
    issues.add({
      line: podList.lines[i],
      field: 'gpu_spec',
      message: `no node has GPU type ${unknown.map((t) => JSON.stringify(t)).join(', ')}`,
      expected: `types of the node list: ${knownList}`,
      got: types.join('|'),
    });
  }
  issues.throwIfAny(ErrorCode.UnknownGpuType);
}

// ---------------------------------------------------------------------------------------------------------------
// The generic table reader.

interface TableSpec<Row, T> {
  /** Shown in messages, e.g. "openb node list". */
  readonly what: string;
  readonly columns: Columns<Row>;
  /** Column whose values must be unique within the file. */
  readonly nameColumn: keyof Row & string;
  /** Builds the item from a row whose fields all passed; may report cross-field issues and return undefined. */
  readonly build: (row: Row, issue: (field: string, expected: string, got: string) => void) => T | undefined;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** The items of a table, the line and record of each, and a way to read a record's row again. */
interface LoadedTable<Row, T> {
  readonly items: T[];
  readonly lines: number[];
  /** Record index of each item. */
  readonly records: number[];
  /** The row of record r (one that was loaded: it is not checked again). */
  readonly reread: (r: number) => Row;
  /** True when every name is greater than the one before it (byte-wise). */
  readonly ascendingNames: boolean;
}

async function loadTable<Row, T>(file: string, spec: TableSpec<Row, T>): Promise<LoadedTable<Row, T>> {
  const buf = await readInput(file, spec.what);
  const { count, record, recordLines } = parseCsv(file, buf, spec);
  // Physical line of record r: its index + 1 unless a quoted field spans lines.
  const lineOf = (r: number): number => (recordLines ? recordLines[r] : r + 1);
  const first = record(0);
  const header = first.map((h) => h.trim());

  // Map each known column to its index in this file (-1 when an optional column is absent).
  const names = Object.keys(spec.columns) as (keyof Row & string)[];
  const index = names.map((n) => header.indexOf(n));
  const missing = names.filter((n, i) => index[i] < 0 && spec.columns[n].required);
  if (missing.length === names.filter((n) => spec.columns[n].required).length) {
    throw notCsvHeader(file, spec, first.join(','));
  }
  if (missing.length > 0) {
    throw new InputError(ErrorCode.MissingColumn, {
      file,
      line: 1,
      message: `missing required column(s) ${missing.join(', ')} of an ${spec.what} (found: ${header.join(', ')})`,
    });
  }
  const dup = header.find((h, i) => h !== '' && header.indexOf(h) !== i);
  if (dup !== undefined) {
    throw new InputError(ErrorCode.NotCsv, {
      file,
      line: 1,
      message: `column ${dup} appears twice in the header`,
    });
  }

  const structural = new IssueList(file); // malformed rows: the file is not a well-formed CSV table
  const issues = new IssueList(file);
  const items: T[] = [];
  const lines: number[] = [];
  const records: number[] = [];
  // Names must be unique. Sorted files — every openb file is sorted by name — prove it without a map: each name
  // is greater than the one before. From the first name that is not, a map of the names seen so far is used.
  let lastName: string | null = null;
  let firstSeen: Map<string, number> | null = null; // name → line
  const width = header.length;
  const cols = names.map((n) => spec.columns[n] as Column<unknown>);
  const ncols = cols.length;
  // One row object, refilled for every record: build() copies what it needs, and not allocating a fresh
  // 11-key object per record is measurably faster.
  const row = {} as Record<string, unknown>;
  let line = 0;
  const report = (field: string, expected: string, got: string): void =>
    issues.add({ line, field, expected, got });

  /** Names → lines of records 1 … end − 1, for the uniqueness check once names stop ascending. */
  const namesBefore = (end: number): Map<string, number> => {
    const map = new Map<string, number>();
    const at = index[names.indexOf(spec.nameColumn)];
    const nameColumn = spec.columns[spec.nameColumn] as Column<unknown>;
    for (let q = 1; q < end; q++) {
      const rec = record(q);
      if (isBlankRecord(rec) || rec.length !== width) continue; // rows readRecord skips
      const name = nameColumn.parse(at >= 0 ? rec[at] : '');
      if (name !== INVALID) map.set(name as string, lineOf(q));
    }
    return map;
  };

  /** Parses the fields of `rec` into `into`; a field that breaks its column's rule is undefined and reported. */
  const fillRow = (
    rec: string[],
    into: Record<string, unknown>,
    invalid: (column: number, raw: string) => void,
  ): boolean => {
    let ok = true;
    for (let c = 0; c < ncols; c++) {
      const raw = index[c] >= 0 ? rec[index[c]] : '';
      const v = cols[c].parse(raw);
      if (v === INVALID) {
        invalid(c, raw);
        ok = false;
        into[names[c]] = undefined;
      } else into[names[c]] = v;
    }
    return ok;
  };
  const reportInvalid = (c: number, raw: string): void =>
    issues.add({ line, field: names[c], expected: cols[c].expected, got: raw });
  const reread = (r: number): Row => {
    const into: Record<string, unknown> = {};
    fillRow(record(r), into, () => undefined);
    return into as Row;
  };

  /** Reads one record into `row` and builds its item (undefined: skipped or reported). A function of its own,
   * so that the optimising compiler works on this small loop body rather than on the whole of loadTable. */
  const readRecord = (rec: string[], r: number): T | undefined => {
    if (isBlankRecord(rec)) return undefined;
    if (rec.length !== width) {
      structural.add({ line, message: `malformed CSV row: ${rec.length} field(s), the header has ${width}` });
      return undefined;
    }
    const ok = fillRow(rec, row, reportInvalid);
    // Names must be unique even when the rest of the row is wrong, so check whenever the name itself is valid.
    const key = row[spec.nameColumn] as string | undefined;
    if (key !== undefined && firstSeen === null) {
      if (lastName === null || key > lastName) lastName = key;
      else firstSeen = namesBefore(r);
    }
    if (key !== undefined && firstSeen !== null) {
      const first = firstSeen.get(key);
      if (first !== undefined) {
        issues.add({
          line,
          field: spec.nameColumn,
          message: `duplicate name (first on line ${first})`,
          expected: 'names unique within the file',
          got: key,
        });
        return undefined;
      }
      firstSeen.set(key, line);
    }
    return ok ? spec.build(row as Row, report) : undefined;
  };

  for (let r = 1; r < count; r++) {
    line = lineOf(r);
    const item = readRecord(record(r), r);
    if (item === undefined) continue;
    items.push(item);
    lines.push(line);
    records.push(r);
  }

  structural.throwIfAny(ErrorCode.NotCsv);
  issues.throwIfAny(ErrorCode.InvalidField);
  if (items.length === 0) {
    throw new InputError(ErrorCode.FileEmpty, {
      file,
      message: `no rows after the header (expected an ${spec.what})`,
    });
  }
  return { items, lines, records, reread, ascendingNames: firstSeen === null };
}

/** Reads the file, turning the usual failures into messages about the file rather than errno codes. */
async function readInput(file: string, what: string): Promise<Buffer> {
  const buf = readInputFile(file, {
    what: `an ${what}`,
    hint: '"hyperfleet traces fetch openb" downloads the openb files',
  });
  if (isBlank(buf)) {
    throw new InputError(ErrorCode.FileEmpty, {
      file,
      message: `file is empty (expected an ${what} CSV with a header line)`,
    });
  }
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
      message: `binary data (NUL byte at offset ${nul}), not a CSV text file (expected an ${what})`,
    });
  }
  return buf;
}

/** A blank line: one field of whitespace only. */
function isBlankRecord(rec: string[]): boolean {
  return rec.length === 1 && rec[0].trim() === '';
}

/** True for an empty file or one holding only whitespace (and maybe a byte-order mark). */
function isBlank(buf: Buffer): boolean {
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  for (let i = start; i < buf.length; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

interface ParsedCsv {
  /** Number of records, header included. */
  readonly count: number;
  /**
   * Record r (0: the header). Plain files are split one line at a time, as rows are read: the fields of a row then
   * die young, instead of all the table's strings surviving (and being copied by) several garbage collections.
   */
  readonly record: (r: number) => string[];
  /** Physical line of each record, only when it cannot be derived from the record index. */
  readonly recordLines?: number[];
}

/** Parses CSV into string records; malformed CSV or a non-CSV document → NotCsv. */
function parseCsv<Row, T>(file: string, buf: Buffer, spec: TableSpec<Row, T>): ParsedCsv {
  const firstLine = firstLineOf(buf);
  const lead = firstLine.trimStart()[0];
  if (lead === '{' || lead === '[') {
    throw new InputError(ErrorCode.NotCsv, {
      file,
      line: 1,
      message: 'looks like a JSON document, not CSV',
      expected: `a CSV header line "${headerExample(spec)}"`,
      got: clip(firstLine),
    });
  }
  if (lead === '<') {
    throw new InputError(ErrorCode.NotCsv, {
      file,
      line: 1,
      message: 'looks like HTML or XML, not CSV',
      expected: `a CSV header line "${headerExample(spec)}"`,
      got: clip(firstLine),
    });
  }
  const quoted = buf.indexOf(0x22) >= 0;
  if (!quoted && buf.indexOf(0x0d) < 0) return plainRecords(buf);
  try {
    // Without quotes a record is one physical line, so the index gives the line; csv-parse's per-record line
    // info is ~8 times slower and only needed when a quoted field may span lines.
    if (!quoted) return recordsOf(parseCsvRecords(buf));
    const withInfo = parse(buf, { bom: true, relax_column_count: true, info: true }) as unknown as {
      info: { lines: number };
      record: string[];
    }[];
    // info.lines is the line a record ends on; report the line it starts on (the one after the previous record).
    const recordLines = withInfo.map((r, i) => (i === 0 ? 1 : withInfo[i - 1].info.lines + 1));
    return { ...recordsOf(withInfo.map((r) => r.record)), recordLines };
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    if (!err.code) throw e;
    if (err.lines === undefined || err.lines <= 1) throw notCsvHeader(file, spec, firstLine);
    throw new InputError(ErrorCode.NotCsv, {
      file,
      line: err.lines,
      message: `malformed CSV: ${err.message}`,
    });
  }
}

/**
 * CSV without any quote character or carriage return (as every openb file is) has one record per line and one
 * field per comma: splitting is exactly what an RFC 4180 parser returns, about five times faster than csv-parse
 * (3 vs 16 ms for the default pod list), which keeps loading a trace well under the 30 ms budget. Record index + 1
 * is then the physical line. (openb.test.ts checks that both paths agree on every shared trace file.)
 */
export function splitPlainCsv(buf: Buffer): string[][] {
  const { count, record } = plainRecords(buf);
  return Array.from({ length: count }, (_, r) => record(r));
}

/**
 * The records of a plain CSV file (see {@link splitPlainCsv}): one per line, the final newline ending the last one.
 * Only the offset where each line starts is kept (in a typed array), not a string per line: the strings a table's
 * lines would need all survive — and are copied by — the garbage collections that loading a trace triggers.
 */
function plainRecords(buf: Buffer): Pick<ParsedCsv, 'count' | 'record'> {
  let text = buf.toString('utf8');
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
  return { count, record };
}

function recordsOf(records: string[][]): Pick<ParsedCsv, 'count' | 'record'> {
  return { count: records.length, record: (r) => records[r] };
}

type CsvParse = (input: Buffer, options: Options) => unknown;
let csvParse: CsvParse | undefined;

/**
 * csv-parse, loaded on first use: the openb files never need it (see {@link splitPlainCsv}), and loading it costs
 * more than parsing a whole trace. Its CommonJS build is required synchronously, so the parsers stay synchronous.
 */
function parse(input: Buffer, options: Options): unknown {
  csvParse ??= (createRequire(import.meta.url)('csv-parse/sync') as { parse: CsvParse }).parse;
  return csvParse(input, options);
}

/** Full CSV parsing (quotes, CRLF, …) with csv-parse; the reference for {@link splitPlainCsv}. */
export function parseCsvRecords(buf: Buffer): string[][] {
  return parse(buf, { bom: true, relax_column_count: true }) as string[][];
}

function notCsvHeader<Row, T>(file: string, spec: TableSpec<Row, T>, firstLine: string): InputError {
  return new InputError(ErrorCode.NotCsv, {
    file,
    line: 1,
    message: 'no recognised header, not an openb CSV file',
    expected: `a header line "${headerExample(spec)}"`,
    got: clip(firstLine),
  });
}

function headerExample<Row, T>(spec: TableSpec<Row, T>): string {
  return Object.entries(spec.columns as Record<string, Column<unknown>>)
    .filter(([, c]) => c.required)
    .map(([n]) => n)
    .join(',');
}

function firstLineOf(buf: Buffer): string {
  const head = buf.toString('utf8', 0, Math.min(buf.length, 1024)).replace(/^\uFEFF/, '');
  return head.split(/\r?\n|\r/)[0];
}

function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
