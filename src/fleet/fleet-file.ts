/**
 * @module fleet/fleet-file
 * Reads a fleet file (YAML, or JSON by its `.json` extension) into a validated {@link Fleet}. Every problem becomes
 * one issue of an {@link InputError}: `fleet.yaml:7: pools[1].devicesPerNode: expected a whole number ≥ 1, got "-8"`.
 * Lines come from the yaml library's node ranges and a LineCounter; JSON is located with the same parser (YAML is
 * a superset of JSON), so JSON files get lines too. {@link stringifyFleet} writes the YAML form back.
 */
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ErrorCode, InputError, type InputIssue } from '../errors/index.js';
import { closest, MAX_ISSUES, readInputText } from '../input/index.js';
import type { CatalogLookup } from './catalog-lookup.js';
import { fleetToDocument, formatPath, validateFleet, type Fleet, type SchemaIssue } from './fleet-schema.js';

/** Loads and validates a fleet file; with a catalog, accelerator ids must be catalog ids. */
export async function loadFleetFile(path: string, catalog?: CatalogLookup): Promise<Fleet> {
  const text = readInputText(path, { what: 'a fleet file, YAML or JSON' });
  return parseFleetText(text, path, catalog);
}

/** Parses and validates fleet-file text; `file` names it in messages and a `.json` ending selects JSON. */
export function parseFleetText(text: string, file: string, catalog?: CatalogLookup): Fleet {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const json = file.toLowerCase().endsWith('.json');
  const lc = new LineCounter();
  // YAML syntax errors are reported by the JSON parser for JSON files; for YAML they are fatal here.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: !json });
  const lineAt = (offset: number): number => lc.linePos(offset).line;

  let data: unknown;
  if (json) {
    if (text.trim() === '') throw emptyFile(file, 'JSON');
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new InputError(ErrorCode.InvalidField, { file, ...jsonSyntaxIssue((e as Error).message, text) });
    }
  } else {
    if (doc.errors.length > 0) {
      throw new InputError(
        ErrorCode.InvalidField,
        doc.errors.slice(0, MAX_ISSUES).map((err) => ({
          file,
          line: lineAt(err.pos[0]),
          message: `YAML syntax error: ${err.message.split('\n')[0]}`,
        })),
      );
    }
    if (doc.contents === null) throw emptyFile(file, 'YAML');
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      // Only alias expansion can fail here (a "billion laughs" document).
      throw new InputError(ErrorCode.InvalidField, { file, message: `YAML error: ${(e as Error).message}` });
    }
  }
  // The YAML view of a JSON file is only for line numbers; without it issues still name file and field.
  const located = doc.errors.length === 0 ? doc : undefined;

  const result = validateFleet(data);
  const issues: SchemaIssue[] = result.ok ? [] : [...result.issues];
  if (catalog) issues.push(...unknownAccelerators(data, catalog));
  if (issues.length === 0 && result.ok) return result.fleet;

  const all = issues.map((issue) => toInputIssue(issue, file, located, data, lineAt));
  all.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const shown = all.slice(0, MAX_ISSUES);
  if (all.length > MAX_ISSUES)
    shown.push({ file, message: `${all.length - MAX_ISSUES} more problem(s) not shown` });
  const onlyAccelerators = issues.every((i) => i.message === UNKNOWN_ACCELERATOR);
  throw new InputError(onlyAccelerators ? ErrorCode.UnknownGpuType : ErrorCode.InvalidField, shown);
}

const UNKNOWN_ACCELERATOR = 'unknown accelerator';

function emptyFile(file: string, kind: string): InputError {
  return new InputError(ErrorCode.FileEmpty, {
    file,
    message: `file is empty (expected a ${kind} fleet file with site and pools)`,
  });
}

/** Pools whose accelerator is not a catalog id, with the closest ids as the hint. */
function unknownAccelerators(data: unknown, catalog: CatalogLookup): SchemaIssue[] {
  const pools = (data as { pools?: unknown } | null)?.pools;
  if (!Array.isArray(pools)) return [];
  const issues: SchemaIssue[] = [];
  pools.forEach((pool: unknown, i) => {
    const id = (pool as { accelerator?: unknown } | null)?.accelerator;
    if (typeof id !== 'string' || id === '' || catalog.has(id)) return;
    const near = closest(id, catalog.ids(), 4);
    issues.push({
      path: ['pools', i, 'accelerator'],
      message: UNKNOWN_ACCELERATOR,
      expected:
        near.length > 0
          ? `a catalog id such as ${near.join(', ')} (hyperfleet catalog lists all)`
          : 'a catalog id (hyperfleet catalog lists all)',
    });
  });
  return issues;
}

function toInputIssue(
  issue: SchemaIssue,
  file: string,
  doc: Document | undefined,
  data: unknown,
  lineAt: (offset: number) => number,
): InputIssue {
  const where = doc ? locate(doc, issue.path, issue.key === true) : undefined;
  const out: InputIssue = { file };
  if (where?.range) out.line = lineAt(where.range[0]);
  out.field = formatPath(issue.path);
  if (issue.message) out.message = issue.message;
  if (issue.expected) out.expected = issue.expected;
  if (!issue.key && issue.message !== 'missing') {
    const got = where?.exact ? sourceOf(where.node, doc!) : valueText(valueAt(data, issue.path));
    if (got !== undefined) out.got = got;
  }
  return out;
}

/**
 * The node at `path` (or, with `key`, the key of its last step); when the path does not exist (a missing field)
 * the deepest node that does, so the issue points at the mapping the field belongs in.
 */
function locate(
  doc: Document,
  path: readonly (string | number)[],
  key: boolean,
): { node: Node; range: Node['range']; exact: boolean } | undefined {
  let cur: unknown = doc.contents;
  if (!cur) return undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    let next: unknown;
    if (isMap(cur)) {
      const pair = cur.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair && key && i === path.length - 1 && isScalar(pair.key)) {
        return { node: pair.key, range: pair.key.range, exact: true };
      }
      next = pair?.value;
    } else if (isSeq(cur) && typeof seg === 'number') next = cur.items[seg];
    if (!next || !(isScalar(next) || isMap(next) || isSeq(next))) {
      const node = cur as Node;
      return { node, range: node.range, exact: false };
    }
    cur = next;
  }
  const node = cur as Node;
  return { node, range: node.range, exact: true };
}

/** What the user wrote: the source text of a plain scalar, else the value, clipped. */
function sourceOf(node: Node, doc: Document): string {
  if (isScalar(node)) {
    if (node.type === 'PLAIN' && typeof node.source === 'string') return clip(node.source);
    return clip(String(node.value));
  }
  return valueText(node.toJS(doc)) ?? '';
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function valueText(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  return clip(typeof v === 'string' ? v : JSON.stringify(v));
}

function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** A JSON.parse error as an issue with the line it happened on (V8 reports a character position). */
function jsonSyntaxIssue(message: string, text: string): Omit<InputIssue, 'file'> {
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .replace(/ in JSON at position \d+.*$/, '');
  const pos = /position (\d+)/.exec(message);
  const lineCol = /line (\d+) column \d+/.exec(message);
  let line: number | undefined;
  if (lineCol) line = Number(lineCol[1]);
  else if (pos) line = text.slice(0, Number(pos[1])).split('\n').length;
  else if (/end of JSON input/.test(message)) line = text.trimEnd().split('\n').length;
  return { ...(line !== undefined ? { line } : {}), message: `JSON syntax error: ${reason}` };
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
  if (isSeq(pools)) for (const p of pools.items) if (isMap(p)) p.flow = true;
  return doc.toString({ lineWidth: 0 });
}
