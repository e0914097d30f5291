/**
 * @module fleet/convert-common
 * What the node-list converters share: the mapping from a trace's GPU model strings to catalog ids (known models,
 * documented defaults for undisclosed ones, the caller's overrides), pool naming, and the result shape.
 */
import { ErrorCode, InputError, type InputIssue } from '../errors/index.js';
import type { CatalogLookup } from './catalog-lookup.js';
import { FLEET_DEFAULTS, type Fleet, type Site } from './fleet-schema.js';
import { closest } from '../input/index.js';

export interface ConvertOptions {
  /** Trace model string → catalog id; overrides the defaults and adds models they lack (e.g. `{ G2: 'nvidia-h20' }`). */
  readonly map?: Readonly<Record<string, string>>;
  /** Site of the fleet; default: the fleet-file defaults (PUE 1.3, 0.08 USD/kWh). */
  readonly site?: Partial<Site>;
  /** When given, every resulting accelerator id must be a catalog id. */
  readonly catalog?: CatalogLookup;
}

export interface Conversion {
  readonly fleet: Fleet;
  /** Guesses the fleet depends on, one sentence each (written as comments at the top of the fleet YAML). */
  readonly assumptions: readonly string[];
  /** Nodes left out (CPU-only nodes: a fleet pool has at least one accelerator per node). */
  readonly skippedNodes: number;
}

/** How a trace's model strings map to catalog ids. */
export interface ModelTable {
  /** Name of the source in messages, e.g. "openb node list". */
  readonly what: string;
  /** Disclosed models with a certain catalog id. */
  readonly known: Readonly<Record<string, string>>;
  /** Undisclosed models: default catalog id and why. */
  readonly undisclosed: Readonly<Record<string, { readonly id: string; readonly why: string }>>;
}

/**
 * Catalog id for each model string of the trace. User mappings win; an undisclosed model on its default is recorded
 * as an assumption; a model with no mapping, a mapping for a model the trace lacks, or (with a catalog) an id the
 * catalog lacks is an error naming `file` (and the line a model first appears on, when `firstLine` knows it).
 */
export function mapModels(
  models: readonly string[],
  table: ModelTable,
  options: ConvertOptions,
  file?: string,
  firstLine?: ReadonlyMap<string, number>,
): { ids: Map<string, string>; assumptions: string[] } {
  const user = options.map ?? {};
  const ids = new Map<string, string>();
  const assumptions: string[] = [];
  const issues: InputIssue[] = [];
  const at = (m?: string): Pick<InputIssue, 'file' | 'line'> => {
    const line = m !== undefined ? firstLine?.get(m) : undefined;
    return { ...(file !== undefined ? { file } : {}), ...(line !== undefined ? { line } : {}) };
  };
  for (const m of models) {
    if (Object.hasOwn(user, m)) ids.set(m, user[m]);
    else if (Object.hasOwn(table.known, m)) ids.set(m, table.known[m]);
    else if (Object.hasOwn(table.undisclosed, m)) {
      const d = table.undisclosed[m];
      ids.set(m, d.id);
      assumptions.push(`${m} → ${d.id}: assumed (the trace does not disclose the model; ${d.why})`);
    } else {
      issues.push({
        ...at(m),
        field: m,
        message: `no catalog id for GPU model "${m}" of the ${table.what}`,
        expected: `a mapping ${m}=<catalog id>`,
      });
    }
  }
  for (const m of Object.keys(user)) {
    if (models.includes(m)) continue;
    const near = closest(m, models, 1)[0];
    issues.push({
      ...at(),
      field: m,
      message: `mapping for a GPU model the ${table.what} does not have${near ? `, did you mean "${near}"?` : ''}`,
      expected: `one of ${models.join(', ')}`,
    });
  }
  if (options.catalog) {
    for (const [m, id] of ids) {
      if (options.catalog.has(id)) continue;
      const near = closest(id, options.catalog.ids(), 4);
      issues.push({
        ...at(m),
        field: m,
        message: `maps to unknown accelerator "${id}"`,
        expected: near.length > 0 ? `a catalog id such as ${near.join(', ')}` : 'a catalog id',
      });
    }
  }
  if (issues.length > 0) throw new InputError(ErrorCode.UnknownGpuType, issues);
  return { ids, assumptions };
}

/** `G2=nvidia-h20,G3=nvidia-h800` → `{ G2: 'nvidia-h20', G3: 'nvidia-h800' }`; `field` names the option in errors. */
export function parseModelMap(text: string, field = '--map'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const m = /^\s*([^=\s][^=]*?)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) {
      throw new InputError(ErrorCode.InvalidOption, {
        field,
        expected: 'MODEL=CATALOG_ID pairs separated by commas, e.g. G2=nvidia-h20,G3=nvidia-h800',
        got: part,
      });
    }
    out[m[1]] = m[2];
  }
  return out;
}

/** The site of a converted fleet: the caller's fields over the fleet-file defaults. */
export function siteOf(site: Partial<Site> | undefined, name: string): Site {
  return {
    name: site?.name ?? name,
    pue: site?.pue ?? FLEET_DEFAULTS.pue,
    electricityUsdPerKWh: site?.electricityUsdPerKWh ?? FLEET_DEFAULTS.electricityUsdPerKWh,
  };
}

/** A pool-name fragment: lower case, runs of other characters turned into one `-`. */
export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'gpu'
  );
}

/** Code-unit order (locale-independent, so converted files are the same everywhere). */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `base`, or `base-2`, `base-3` … when taken; at most 63 characters (the fleet-file limit). */
export function uniqueName(base: string, used: Set<string>): string {
  let name = base.slice(0, 63);
  for (let k = 2; used.has(name); k++) name = `${base.slice(0, 63 - String(k).length - 1)}-${k}`;
  used.add(name);
  return name;
}

/** `128000` milli-cores → `128c`; a fractional core count keeps the milli value (`1500m`). */
export function coresTag(cpuMilli: number): string {
  return cpuMilli % 1000 === 0 ? `${cpuMilli / 1000}c` : `${cpuMilli}m`;
}

/** `393216` MiB → `384g`; a fractional GiB count keeps the MiB value (`1000mi`). */
export function memTag(memMiB: number): string {
  return memMiB % 1024 === 0 ? `${memMiB / 1024}g` : `${memMiB}mi`;
}
