/**
 * @module fleet/fleet-file
 * Reads a fleet file (YAML, or JSON by its `.json` extension) into a validated {@link Fleet}. Every problem becomes
 * one issue of an {@link InputError}: `fleet.yaml:7: pools[1].devicesPerNode: expected a whole number ≥ 1, got "-8"`
 * (input's UserDocument locates them; the schema is fleet/fleet-schema). With a catalog, accelerator ids must be
 * catalog ids. {@link stringifyFleet} writes the YAML form back.
 */
import { Document, isMap, isSeq } from 'yaml';
import { ErrorCode } from '../errors/index.js';
import {
  closest,
  isRecord,
  parseUserDocument,
  readInputText,
  type DocumentPath,
  type PathIssue,
} from '../input/index.js';
import type { CatalogLookup } from './catalog-lookup.js';
import {
  FLEET_SYNONYMS,
  FleetFileSchema,
  fleetToDocument,
  resolveFleet,
  type Fleet,
} from './fleet-schema.js';

/** Loads and validates a fleet file; with a catalog, accelerator ids must be catalog ids. */
export async function loadFleetFile(path: string, catalog?: CatalogLookup): Promise<Fleet> {
  const text = readInputText(path, { what: 'a fleet file, YAML or JSON' });
  return parseFleetText(text, path, catalog);
}

/** Parses and validates fleet-file text; `file` names it in messages and a `.json` ending selects JSON. */
export function parseFleetText(text: string, file: string, catalog?: CatalogLookup): Fleet {
  const json = file.toLowerCase().endsWith('.json');
  const parsed = parseUserDocument(text, file, FleetFileSchema, {
    syntax: json ? 'json' : 'yaml',
    what: `a ${json ? 'JSON' : 'YAML'} fleet file with site and pools`,
    synonyms: FLEET_SYNONYMS,
    check: catalog ? (data) => unknownAccelerators(data, catalog) : undefined,
  });
  return resolveFleet(parsed);
}

/** Pools whose accelerator is not a catalog id, with the closest ids as the hint. */
function unknownAccelerators(data: unknown, catalog: CatalogLookup): PathIssue[] {
  const pools = isRecord(data) ? data.pools : undefined;
  if (!Array.isArray(pools)) return [];
  const issues: PathIssue[] = [];
  pools.forEach((pool: unknown, i) => {
    const id = isRecord(pool) ? pool.accelerator : undefined;
    if (typeof id !== 'string' || id === '' || catalog.has(id)) return;
    issues.push(unknownAcceleratorIssue(['pools', i, 'accelerator'], id, catalog));
  });
  return issues;
}

/** The issue for an accelerator id at `path` of a user document that `catalog` lacks, with the closest ids. */
export function unknownAcceleratorIssue(path: DocumentPath, id: string, catalog: CatalogLookup): PathIssue {
  const near = closest(id, catalog.ids(), 4);
  return {
    path,
    message: 'unknown accelerator',
    expected:
      near.length > 0
        ? `a catalog id such as ${near.join(', ')} (hyperfleet catalog lists all)`
        : 'a catalog id (hyperfleet catalog lists all)',
    code: ErrorCode.UnknownGpuType,
  };
}

/**
 * The fleet as YAML in the shape of the documentation (one flow mapping per pool), defaults left out, with
 * `comments` (e.g. the assumptions of a conversion) as `#` lines at the top.
 */
export function stringifyFleet(fleet: Fleet, comments: readonly string[] = []): string {
  const doc = new Document(fleetToDocument(fleet));
  if (comments.length > 0) doc.commentBefore = comments.map((c) => ` ${c}`).join('\n');
  const site = doc.get('site', true);
  if (isMap(site)) site.flow = true;
  const pools = doc.get('pools', true);
  // A pool that lists its node names is a block with the names on one line; the others one line each.
  if (isSeq(pools))
    for (const p of pools.items) {
      if (!isMap(p)) continue;
      const names = p.get('nodeNames', true);
      if (isSeq(names)) names.flow = true;
      else p.flow = true;
    }
  return doc.toString({ lineWidth: 0 });
}
