/**
 * @module traces/openb
 * Loads the Alibaba cluster-trace-gpu-v2023 ("openb") CSV files — the node lists and the pod lists of the FGD
 * paper — into {@link NodeSpec}s and {@link PodSpec}s, converting each pod row exactly as the reference simulator
 * does (spec fgd-reproduction §1.2).
 *
 * Every row is validated; bad input becomes one {@link InputError} listing up to MAX_ISSUES problems as
 * `file:line: column: expected …, got "…"` (line is the physical line in the file, header = 1), so a user sees
 * several mistakes at once. Each column's rule is written once, in the column tables below; reading the CSV, the
 * header and the rows against them is input's (csv-records, csv-columns).
 */
import { ErrorCode } from '../errors/index.js';
import {
  MILLI_PER_DEVICE,
  type NodeSpec,
  type PodResources,
  type PodSpec,
  type PodTable,
  ShapeIndex,
} from '../model/index.js';
import {
  csvKind,
  csvRecords,
  CsvRows,
  INVALID,
  IssueList,
  readCsvFile,
  type CsvColumn,
  type CsvColumns,
  type CsvTableKind,
} from '../input/index.js';

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

const UINT = /^[0-9]+$/;

function wholeNumber(unit: string, required = true): CsvColumn<number> {
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

function name(required = true): CsvColumn<string> {
  return { required, expected: 'a non-empty name', parse: (raw) => (raw.trim() === '' ? INVALID : raw) };
}

/** Free text (GPU model, type constraint, QoS …); an empty field is allowed. */
function text(required: boolean): CsvColumn<string> {
  return { required, expected: 'text', parse: (raw) => raw };
}

/** Seconds from the start of the trace; empty (or column absent) means unknown. */
function seconds(): CsvColumn<number | undefined> {
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

const NODE_COLUMNS: CsvColumns<NodeRow> = {
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

const POD_COLUMNS: CsvColumns<PodRow> = {
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
    what: 'an openb node list',
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
  return { what: 'an openb pod list', columns: POD_COLUMNS, nameColumn: 'name', build };
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
// The table reader.

interface TableSpec<Row, T> extends CsvTableKind<Row> {
  /** Column whose values must be unique within the file. */
  readonly nameColumn: keyof Row & string;
  /** Builds the item from a row whose fields all passed; may report cross-field issues and return undefined. */
  readonly build: (row: Row, issue: (field: string, expected: string, got: string) => void) => T | undefined;
}

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
  const kind = csvKind(spec);
  const text = readCsvFile(file, kind, '"hyperfleet traces fetch openb" downloads the openb files');
  const { count, record, lineOf } = csvRecords(text, file, kind);
  const rows = new CsvRows(file, spec, record(0));

  const items: T[] = [];
  const lines: number[] = [];
  const records: number[] = [];
  // Names must be unique. Sorted files — every openb file is sorted by name — prove it without a map: each name
  // is greater than the one before. From the first name that is not, a map of the names seen so far is used.
  let lastName: string | null = null;
  let firstSeen: Map<string, number> | null = null; // name → line
  // One row object, refilled for every record: build() copies what it needs, and not allocating a fresh
  // 11-key object per record is measurably faster.
  const row = {} as Record<string, unknown>;
  let line = 0;
  const report = (field: string, expected: string, got: string): void =>
    rows.report({ line, field, expected, got });

  /** Names → lines of records 1 … end − 1, for the uniqueness check once names stop ascending. */
  const namesBefore = (end: number): Map<string, number> => {
    const map = new Map<string, number>();
    for (let q = 1; q < end; q++) {
      const name = rows.valueOf(record(q), spec.nameColumn); // rows read skips are INVALID
      if (name !== INVALID) map.set(name as string, lineOf(q));
    }
    return map;
  };
  const reread = (r: number): Row => {
    const into: Record<string, unknown> = {};
    rows.fill(record(r), into);
    return into as Row;
  };

  /** Reads one record into `row` and builds its item (undefined: skipped or reported). A function of its own,
   * so that the optimising compiler works on this small loop body rather than on the whole of loadTable. */
  const readRecord = (rec: string[], r: number): T | undefined => {
    const ok = rows.read(rec, line, row);
    if (ok === undefined) return undefined; // a blank line or a malformed row
    // Names must be unique even when the rest of the row is wrong, so check whenever the name itself is valid.
    const key = row[spec.nameColumn] as string | undefined;
    if (key !== undefined && firstSeen === null) {
      if (lastName === null || key > lastName) lastName = key;
      else firstSeen = namesBefore(r);
    }
    if (key !== undefined && firstSeen !== null) {
      const first = firstSeen.get(key);
      if (first !== undefined) {
        rows.report({
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

  rows.finish();
  return { items, lines, records, reread, ascendingNames: firstSeen === null };
}
