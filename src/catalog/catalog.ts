/**
 * @module catalog/catalog
 * The accelerator catalog: the built-in specs (catalog/accelerators) resolved into {@link Accelerator}s with their
 * sharing modes (catalog/sharing) and the idle-power assumption, optionally merged with a user's catalog file.
 *
 * The catalog file is JSON (validated with zod and read with input's UserDocument; every problem is one issue naming
 * the file, the line, the entry's index and id, and the field):
 *
 * ```json
 * {
 *   "idleFractionOfTdp": 0.12,
 *   "openbGpuTypes": { "G2": "nvidia-h20" },
 *   "accelerators": [
 *     { "id": "nvidia-h20", "priceUsd": 11000, "idleW": 60 },
 *     { "id": "t-head-zhenwu-810e", "bf16Tflops": 386, "sources": { "bf16Tflops": ["https://…"] } },
 *     { "id": "acme-x1", "vendor": "Acme", "model": "X1", "memoryGiB": 64, "tdpW": 350,
 *       "sharing": { "kind": "milli" } }
 *   ]
 * }
 * ```
 *
 * An entry whose id exists overrides the fields it names (a figure set to `null` becomes unknown); any other id adds
 * an entry, which then needs `vendor` and `model`. Figures set in the file have provenance `user` and the file as
 * source (plus any `sources` the entry gives). Values outside plausible bounds are refused as unit mistakes (memory
 * in MiB, bandwidth in GB/s, power in mW), as are negative figures and idle power above TDP.
 */
import * as z from 'zod';
import { ErrorCode, InputError } from '../errors/index.js';
import {
  closest,
  formatPath,
  isRecord,
  readInputText,
  UserDocument,
  type DocumentPath,
  type PathIssue,
} from '../input/index.js';
import {
  BUILTIN_ACCELERATORS,
  DEFAULT_IDLE_FRACTION_OF_TDP,
  OPENB_GPU_TYPES,
  type AcceleratorSpec,
  type Cell,
  type TraceGpuType,
} from './accelerators.js';
import {
  BUILTIN_SHARING,
  DEFAULT_SHARING,
  SharingSchema,
  sharingFromInput,
  type Sharing,
} from './sharing.js';
import {
  FIGURES,
  type Accelerator,
  type Assumption,
  type Figure,
  type FigureRange,
  type Provenance,
  type Sources,
} from './types.js';

/** The resolved catalog. `has`/`ids`/`get` make it usable wherever a plain id lookup is expected. */
export interface Catalog {
  /** Built-in entries in catalog order, then entries added by the file in file order. */
  readonly accelerators: readonly Accelerator[];
  /** openb GPU type names → catalog ids (defaults, or as the file sets them). */
  readonly openbGpuTypes: Readonly<Record<string, TraceGpuType>>;
  /** Idle power as a fraction of TDP for entries whose idle power is assumed. */
  readonly idleFractionOfTdp: number;
  /** The catalog file merged in, if any. */
  readonly overrideFile: string | null;
  has(id: string): boolean;
  ids(): readonly string[];
  get(id: string): Accelerator | undefined;
}

/** Kebab-case: lower-case letters and digits in groups joined by single hyphens. */
export const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// ---------------------------------------------------------------------------------------------------------------
// Resolution of the built-in specs.

/** A mutable accelerator while the catalog is being built. */
type Draft = { -readonly [K in keyof Accelerator]: Accelerator[K] } & {
  scaleUp: { name: string | null; gbps: number | null };
  sources: Partial<Record<Figure | 'entry', string[]>>;
  ranges: Partial<Record<Figure, FigureRange>>;
  assumptions: Assumption[];
  provenance: Record<Figure, Provenance>;
  notes: string[];
};

function resolveCell(d: Draft, f: Figure, cell: Cell): void {
  let value: number | null;
  if (cell === null) {
    value = null;
    d.provenance[f] = 'missing';
  } else if (cell === 'n/a') {
    value = null;
    d.provenance[f] = 'unsupported';
  } else if (typeof cell === 'number') {
    value = cell;
    d.provenance[f] = 'sourced';
  } else {
    value = cell.used;
    d.provenance[f] = 'range';
    d.ranges[f] = cell;
  }
  setFigure(d, f, value);
}

function setFigure(d: Draft, f: Figure, value: number | null): void {
  if (f === 'scaleUpGBps') d.scaleUp.gbps = value;
  else d[f] = value;
}

function emptyDraft(id: string, vendor: string, model: string, sharing: Sharing): Draft {
  const provenance = Object.fromEntries(FIGURES.map((f) => [f, 'missing'])) as Record<Figure, Provenance>;
  return {
    id,
    vendor,
    model,
    formFactor: null,
    year: null,
    memoryGiB: null,
    memoryType: null,
    memoryBandwidthTBps: null,
    bf16Tflops: null,
    fp8Tflops: null,
    int8Tops: null,
    tdpW: null,
    idleW: null,
    scaleUp: { name: null, gbps: null },
    priceUsd: null,
    sharing,
    sources: {},
    ranges: {},
    assumptions: [],
    provenance,
    notes: [],
  };
}

function addSources(d: Draft, key: Figure | 'entry', urls: readonly string[]): void {
  const list = (d.sources[key] ??= []);
  for (const u of urls) if (!list.includes(u)) list.push(u);
}

function draftFromSpec(spec: AcceleratorSpec): Draft {
  const d = emptyDraft(spec.id, spec.vendor, spec.model, BUILTIN_SHARING[spec.id] ?? DEFAULT_SHARING);
  d.formFactor = spec.formFactor;
  d.memoryType = spec.memoryType;
  d.scaleUp.name = spec.scaleUp.name;
  const cells: [Figure, Cell][] = [
    ['year', spec.year],
    ['memoryGiB', spec.memoryGiB],
    ['memoryBandwidthTBps', spec.memoryBandwidthTBps],
    ['bf16Tflops', spec.bf16Tflops],
    ['fp8Tflops', spec.fp8Tflops],
    ['int8Tops', spec.int8Tops],
    ['tdpW', spec.tdpW],
    ['scaleUpGBps', spec.scaleUp.gbps],
    ['priceUsd', spec.priceUsd],
  ];
  for (const [f, cell] of cells) resolveCell(d, f, cell);
  for (const e of spec.evidence) for (const f of e.fields) addSources(d, f, e.urls);
  // An assumption fills only a figure no source publishes; the specs' tests check there is no other kind.
  for (const a of spec.assumptions ?? []) {
    if (d.provenance[a.field] !== 'missing') continue;
    d.assumptions.push(a);
    d.provenance[a.field] = 'assumed';
    setFigure(d, a.field, a.value);
  }
  d.notes = [...(spec.notes ?? [])];
  return d;
}

/** Idle power as `fraction × TDP`, recorded as an assumption, unless a source or the user set it. */
function applyIdleAssumption(d: Draft, fraction: number, userSet: boolean): void {
  if (userSet || d.provenance.idleW === 'sourced') return;
  d.assumptions = d.assumptions.filter((a) => a.field !== 'idleW');
  if (d.tdpW === null) {
    d.idleW = null;
    d.provenance.idleW = 'missing';
    return;
  }
  const value = Math.round(fraction * d.tdpW * 100) / 100;
  d.idleW = value;
  d.provenance.idleW = 'assumed';
  d.assumptions.push({
    field: 'idleW',
    value,
    basis:
      `${fraction} × TDP: no source publishes idle power; a modelling assumption for a powered device with ` +
      'no work (measure DCGM_FI_DEV_POWER_USAGE on idle devices and set idleW or idleFractionOfTdp)',
    overridable: true,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The catalog file.

const figure = (expected: string, min: number, max: number, exclusiveMin: boolean) => {
  const n = z.number({ error: expected });
  return (exclusiveMin ? n.gt(min, { error: expected }) : n.min(min, { error: expected }))
    .max(max, { error: expected })
    .nullable()
    .optional();
};

const TFLOPS = 'a throughput > 0 and ≤ 100000 (TFLOPS or TOPS, dense), or null';
const text = (expected: string) => z.string({ error: expected }).min(1, { error: expected });
const urls = z.array(z.string({ error: 'a source URL or reference' }), { error: 'a list of source URLs' });

const EntrySchema = z.strictObject(
  {
    id: z
      .string({ error: 'a kebab-case id of vendor and model, such as nvidia-h20' })
      .regex(KEBAB_ID, { error: 'a kebab-case id of vendor and model, such as nvidia-h20' }),
    vendor: text('a vendor name').optional(),
    model: text('a model name').optional(),
    formFactor: z.string({ error: 'a form factor, or null' }).nullable().optional(),
    memoryType: z.string({ error: 'a memory type, or null' }).nullable().optional(),
    year: z
      .int({ error: 'a year between 1990 and 2100, or null' })
      .min(1990, { error: 'a year between 1990 and 2100, or null' })
      .max(2100, { error: 'a year between 1990 and 2100, or null' })
      .nullable()
      .optional(),
    memoryGiB: figure(
      'a memory size in GiB > 0 and ≤ 2048, or null (96, not 98304: that is MiB)',
      0,
      2048,
      true,
    ),
    memoryBandwidthTBps: figure(
      'a bandwidth in TB/s > 0 and ≤ 100, or null (4.0, not 4000: that is GB/s)',
      0,
      100,
      true,
    ),
    bf16Tflops: figure(TFLOPS, 0, 100000, true),
    fp8Tflops: figure(TFLOPS, 0, 100000, true),
    int8Tops: figure(TFLOPS, 0, 100000, true),
    tdpW: figure('a power in W > 0 and ≤ 5000, or null (700, not 700000: that is mW)', 0, 5000, true),
    idleW: figure('a power in W ≥ 0 and ≤ 5000, or null', 0, 5000, false),
    idleFractionOfTdp: z
      .number({ error: 'a fraction of TDP between 0 and 1 (0.15 = 15 %)' })
      .min(0, { error: 'a fraction of TDP between 0 and 1 (0.15 = 15 %)' })
      .max(1, { error: 'a fraction of TDP between 0 and 1 (0.15 = 15 %)' })
      .optional(),
    scaleUp: z
      .strictObject(
        {
          name: z.string({ error: 'an interconnect name, or null' }).nullable().optional(),
          gbps: figure('a bandwidth in GB/s > 0 and ≤ 100000, or null', 0, 100000, true),
        },
        { error: 'an object such as { "name": "NVLink 4", "gbps": 900 }' },
      )
      .optional(),
    priceUsd: figure('a unit price in USD ≥ 0 and ≤ 1000000, or null', 0, 1_000_000, false),
    sharing: SharingSchema.optional(),
    sources: z
      .partialRecord(z.enum([...FIGURES, 'entry'], { error: `a figure name or "entry"` }), urls, {
        error: 'an object of source URL lists by figure, such as { "tdpW": ["https://…"] }',
      })
      .optional(),
    notes: z.array(z.string({ error: 'a note' }), { error: 'a list of notes' }).optional(),
  },
  { error: 'an entry object such as { "id": "nvidia-h20", "priceUsd": 11000 }' },
);

const FileSchema = z.strictObject(
  {
    idleFractionOfTdp: EntrySchema.shape.idleFractionOfTdp,
    openbGpuTypes: z
      .record(z.string(), z.string({ error: 'a catalog id such as nvidia-h20' }), {
        error: 'an object of openb GPU type → catalog id, such as { "G2": "nvidia-h20" }',
      })
      .optional(),
    accelerators: z.array(EntrySchema, { error: 'a list of entries' }).optional(),
  },
  { error: 'a JSON object with "accelerators" (and optionally "idleFractionOfTdp", "openbGpuTypes")' },
);

type EntryInput = z.output<typeof EntrySchema>;
type FileInput = z.output<typeof FileSchema>;

/** `accelerators[2](acme-x1).sharing.kind`: an entry is named by its index and, when it has one, its id. */
function fieldName(path: DocumentPath, data: unknown): string {
  const entry = path[0] === 'accelerators' && typeof path[1] === 'number' ? path[1] : undefined;
  if (entry === undefined) return formatPath(path);
  const list = isRecord(data) ? data.accelerators : undefined;
  const id = Array.isArray(list) && isRecord(list[entry]) ? list[entry].id : undefined;
  const head = `accelerators[${entry}]${typeof id === 'string' ? `(${id})` : ''}`;
  const rest = formatPath(path.slice(2));
  return rest === '' || rest.startsWith('[') ? head + rest : `${head}.${rest}`;
}

/** Applies one file entry to a draft (an existing entry, or a new one just created). */
function applyEntry(d: Draft, e: EntryInput, file: string): void {
  const mark = `catalog file ${file}`;
  if (e.vendor !== undefined) d.vendor = e.vendor;
  if (e.model !== undefined) d.model = e.model;
  if (e.formFactor !== undefined) d.formFactor = e.formFactor;
  if (e.memoryType !== undefined) d.memoryType = e.memoryType;
  if (e.scaleUp?.name !== undefined) d.scaleUp.name = e.scaleUp.name;
  if (e.sharing !== undefined) d.sharing = sharingFromInput(e.sharing);
  const values: Partial<Record<Figure, number | null | undefined>> = {
    year: e.year,
    memoryGiB: e.memoryGiB,
    memoryBandwidthTBps: e.memoryBandwidthTBps,
    bf16Tflops: e.bf16Tflops,
    fp8Tflops: e.fp8Tflops,
    int8Tops: e.int8Tops,
    tdpW: e.tdpW,
    idleW: e.idleW,
    scaleUpGBps: e.scaleUp?.gbps,
    priceUsd: e.priceUsd,
  };
  for (const f of FIGURES) {
    const v = values[f];
    if (v === undefined) continue;
    // The file's value replaces whatever was there: its range, assumption and sources no longer apply.
    delete d.ranges[f];
    d.assumptions = d.assumptions.filter((a) => a.field !== f);
    setFigure(d, f, v);
    d.provenance[f] = v === null ? 'missing' : 'user';
    d.sources[f] = v === null ? [] : [mark];
  }
  for (const [key, list] of Object.entries(e.sources ?? {})) {
    if (list) addSources(d, key as Figure | 'entry', list);
  }
  if (e.notes) d.notes.push(...e.notes);
}

/** The catalog of the built-in specs alone. */
export function buildCatalog(): Catalog {
  return mergeCatalog().catalog;
}

/**
 * The catalog of the built-in specs merged with a validated catalog file (`input`, from `file`), and the problems
 * only the merge can find: an unknown id without vendor and model, a duplicate id, an openb type mapped to no
 * entry, idle power above TDP.
 */
function mergeCatalog(override?: { readonly input: FileInput; readonly file: string }): {
  catalog: Catalog;
  issues: PathIssue[];
} {
  const drafts = new Map<string, Draft>();
  for (const spec of BUILTIN_ACCELERATORS) drafts.set(spec.id, draftFromSpec(spec));
  const builtinIds = [...drafts.keys()];
  let fraction = DEFAULT_IDLE_FRACTION_OF_TDP;
  const fractions = new Map<string, number>();
  const idleSetBy = new Map<string, number>();
  const openb: Record<string, TraceGpuType> = { ...OPENB_GPU_TYPES };
  const issues: PathIssue[] = [];

  if (override) {
    const { input, file } = override;
    if (input.idleFractionOfTdp !== undefined) fraction = input.idleFractionOfTdp;
    const seen = new Map<string, number>();
    const entries = input.accelerators ?? [];
    entries.forEach((e, i) => {
      const first = seen.get(e.id);
      if (first !== undefined) {
        issues.push({
          path: ['accelerators', i, 'id'],
          message: `duplicate id (also accelerators[${first}])`,
        });
        return;
      }
      seen.set(e.id, i);
      let d = drafts.get(e.id);
      if (!d) {
        if (e.vendor === undefined || e.model === undefined) {
          const near = closest(e.id, builtinIds, 3);
          issues.push({
            path: ['accelerators', i, 'id'],
            message: 'not a catalog id, and a new entry needs vendor and model',
            expected:
              near.length > 0
                ? `an existing id (closest: ${near.join(', ')}) or a new entry with vendor and model`
                : 'a new entry with vendor and model',
          });
          return;
        }
        d = emptyDraft(e.id, e.vendor, e.model, {
          ...DEFAULT_SHARING,
          why: `no sharing mode given in ${file}`,
        });
        d.sources.entry = [`catalog file ${file}`];
        drafts.set(e.id, d);
      }
      applyEntry(d, e, file);
      if (e.idleFractionOfTdp !== undefined) fractions.set(e.id, e.idleFractionOfTdp);
      if (e.idleW !== undefined) idleSetBy.set(e.id, i);
    });
    for (const [type, id] of Object.entries(input.openbGpuTypes ?? {})) {
      if (!drafts.has(id)) {
        issues.push({
          path: ['openbGpuTypes', type],
          expected: `a catalog id${hint(id, [...drafts.keys()])}`,
        });
      } else {
        openb[type] = { id, assumed: false, why: `set in ${file}` };
      }
    }
    // Idle above TDP is a unit or copy mistake; only the file can cause it (assumed idle is a fraction ≤ 1).
    seen.forEach((i, id) => {
      const d = drafts.get(id);
      if (!d || d.tdpW === null || !idleSetBy.has(id) || d.idleW === null || d.idleW <= d.tdpW) return;
      issues.push({
        path: ['accelerators', i, 'idleW'],
        expected: `an idle power ≤ the TDP (${d.tdpW} W)`,
      });
    });
  }

  for (const d of drafts.values())
    applyIdleAssumption(d, fractions.get(d.id) ?? fraction, idleSetBy.has(d.id));
  const accelerators: Accelerator[] = [...drafts.values()].map(freeze);
  const byId = new Map(accelerators.map((a) => [a.id, a]));
  const ids = accelerators.map((a) => a.id);
  const catalog: Catalog = {
    accelerators,
    openbGpuTypes: openb,
    idleFractionOfTdp: fraction,
    overrideFile: override?.file ?? null,
    has: (id) => byId.has(id),
    ids: () => ids,
    get: (id) => byId.get(id),
  };
  return { catalog, issues };
}

/** Orders the keys for output (identity, figures, sharing, provenance) and freezes the entry. */
function freeze(d: Draft): Accelerator {
  const a: Accelerator = {
    id: d.id,
    vendor: d.vendor,
    model: d.model,
    formFactor: d.formFactor,
    year: d.year,
    memoryGiB: d.memoryGiB,
    memoryType: d.memoryType,
    memoryBandwidthTBps: d.memoryBandwidthTBps,
    bf16Tflops: d.bf16Tflops,
    fp8Tflops: d.fp8Tflops,
    int8Tops: d.int8Tops,
    tdpW: d.tdpW,
    idleW: d.idleW,
    scaleUp: Object.freeze({ ...d.scaleUp }),
    priceUsd: d.priceUsd,
    sharing: d.sharing,
    sources: Object.freeze(d.sources) as Sources,
    ranges: Object.freeze(d.ranges),
    assumptions: Object.freeze(d.assumptions),
    provenance: Object.freeze(d.provenance),
    notes: Object.freeze(d.notes),
  };
  return Object.freeze(a);
}

/**
 * The catalog: built-in entries, merged with the JSON catalog file `overrideFile` when given.
 * Throws an {@link InputError} naming the file (and line, entry and field) when the file is missing or invalid.
 */
export function loadCatalog(overrideFile?: string): Catalog {
  if (overrideFile === undefined) return buildCatalog();
  const text = readInputText(overrideFile, { what: 'a JSON catalog file' });
  const doc = UserDocument.parse(text, overrideFile, {
    syntax: 'json',
    what: 'a JSON catalog file such as { "accelerators": [ … ] }',
    fieldName,
  });
  const { catalog, issues } = mergeCatalog({ input: doc.validate(FileSchema), file: overrideFile });
  if (issues.length > 0) doc.fail(issues);
  return catalog;
}

// ---------------------------------------------------------------------------------------------------------------
// Lookups.

function hint(id: string, ids: readonly string[]): string {
  const near = closest(id, ids, 3);
  return near.length > 0 ? ` (closest: ${near.join(', ')})` : ' (`hyperfleet catalog` lists them)';
}

/** Where a looked-up id came from, to name it in the error. */
export interface LookupContext {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
}

/** The entry with `id`; an unknown id is an {@link InputError} listing the closest ids. */
export function getAccelerator(catalog: Catalog, id: string, where: LookupContext = {}): Accelerator {
  const a = catalog.get(id);
  if (a) return a;
  throw new InputError(ErrorCode.UnknownGpuType, {
    ...where,
    field: where.field ?? 'accelerator',
    expected: `an accelerator catalog id${hint(id, catalog.ids())}`,
    got: id,
  });
}

/** Catalog id of an openb GPU type (`V100M32` → `nvidia-v100-32gb`); unknown types are an {@link InputError}. */
export function openbAccelerator(catalog: Catalog, gpuType: string, where: LookupContext = {}): Accelerator {
  const t = catalog.openbGpuTypes[gpuType];
  if (!t) {
    throw new InputError(ErrorCode.UnknownGpuType, {
      ...where,
      field: where.field ?? 'model',
      expected: `an openb GPU type (${Object.keys(catalog.openbGpuTypes).join(', ')}), or a mapping in a catalog file's openbGpuTypes`,
      got: gpuType,
    });
  }
  return getAccelerator(catalog, t.id, where);
}
