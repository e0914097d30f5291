/**
 * @module input/user-document
 * A YAML or JSON file the user wrote (fleet file, resource map, metric mapping, catalog file), read against a zod
 * schema with every problem reported as one issue of an {@link InputError}: file, line, field, what was expected
 * and what was found, as the user wrote it — `fleet.yaml:7: pools[1].devicesPerNode: expected a whole number ≥ 1,
 * got "-8"`.
 *
 * - Lines come from the `yaml` library's document API (node ranges and a LineCounter). JSON files are parsed with
 *   `JSON.parse` (exact JSON semantics and syntax errors) and located with the same YAML parser, YAML being a
 *   superset of JSON.
 * - Syntax errors, an empty file, an alias bomb and duplicate keys stop reading; anything else — schema issues
 *   (unknown keys with "did you mean", missing fields pointing at the mapping they belong in), a format's own checks —
 *   is collected, sorted by line and capped ({@link IssueList}).
 * - A leading byte-order mark is ignored.
 */
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type * as z from 'zod';
import { ErrorCode, InputError, type InputIssue } from '../errors/index.js';
import { clip, IssueList } from './issue-list.js';
import {
  formatPath,
  pathIssuesOf,
  type DocumentPath,
  type PathIssue,
  type ZodIssueOptions,
} from './schema-issues.js';

/**
 * The yaml library, loaded on first use: the CSV readers share this module's folder, and the simulator, which
 * reads only CSV, should not pay for loading it (its CommonJS build is required synchronously, so reading stays
 * synchronous).
 */
let yamlLib: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

/**
 * Most alias expansions a YAML file may make: plenty for anchors reused across a file, far too few for a "billion
 * laughs" document to exhaust memory.
 */
export const MAX_ALIAS_COUNT = 1000;

export interface UserDocumentOptions {
  /** `json` reads the file with `JSON.parse`; `yaml` reads YAML (JSON included). */
  readonly syntax: 'yaml' | 'json';
  /** What the file should hold, said when it is empty: `a YAML fleet file with site and pools`. */
  readonly what: string;
  /** How a path is shown (default `pools[1].devicesPerNode`); `data` is the parsed file. */
  readonly fieldName?: (path: DocumentPath, data: unknown) => string;
}

export interface ValidateOptions extends ZodIssueOptions {
  /** A format's checks beyond its schema (e.g. catalog lookups), on the parsed data; run even if the schema fails. */
  readonly check?: (data: unknown) => readonly PathIssue[];
}

/** A parsed user file: its data, and where each part of it is in the text. */
export class UserDocument {
  private constructor(
    readonly file: string,
    /** The file's content as plain data (objects, arrays, scalars). */
    readonly data: unknown,
    private readonly options: UserDocumentOptions,
    /** The YAML view used for lines; undefined when the YAML parser cannot read a JSON file. */
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  /** Parses `text` (named `file` in messages); throws on syntax errors, an empty file or an alias bomb. */
  static parse(text: string, file: string, options: UserDocumentOptions): UserDocument {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const empty = () =>
      new InputError(ErrorCode.FileEmpty, { file, message: `file is empty (expected ${options.what})` });
    let json: unknown;
    if (options.syntax === 'json') {
      if (text.trim() === '') throw empty();
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new InputError(ErrorCode.InvalidField, {
          file,
          ...jsonSyntaxIssue((e as Error).message, text),
        });
      }
    }
    const lines = new (yaml().LineCounter)();
    // Duplicate keys are found by validate (for JSON too), with the path and line of both uses.
    const doc = yaml().parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    if (options.syntax === 'json') {
      // The YAML view of a JSON file only gives lines; without it, issues still name file and field.
      return new UserDocument(file, json, options, doc.errors.length === 0 ? doc : undefined, lines, text);
    }
    const lineAt = (offset: number): number => lines.linePos(offset).line;
    if (doc.errors.length > 0) {
      const issues = new IssueList(file);
      for (const err of doc.errors) {
        issues.add({ line: lineAt(err.pos[0]), message: `YAML syntax error: ${err.message.split('\n')[0]}` });
      }
      issues.throwIfAny(ErrorCode.InvalidField);
    }
    if (doc.contents === null) throw empty();
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      // Only alias expansion fails here: a "billion laughs" document.
      const alias = firstAlias(doc);
      throw new InputError(ErrorCode.InvalidField, {
        file,
        ...(alias !== undefined ? { line: lineAt(alias) } : {}),
        message: `YAML aliases expand too far (${(e as Error).message})`,
        expected: `at most ${MAX_ALIAS_COUNT} alias expansions`,
      });
    }
    return new UserDocument(file, data, options, doc, lines, text);
  }

  /**
   * The data validated by `schema`, or an {@link InputError} listing every problem: the schema's issues and those
   * of `options.check` — or, when a mapping repeats a key, each repeated key.
   */
  validate<S extends z.ZodType>(schema: S, options: ValidateOptions = {}): z.output<S> {
    // Which of two values the user meant is unknown: checking either would report problems that may not exist.
    const duplicates = this.duplicateKeys();
    if (duplicates.length > 0) this.fail(duplicates);
    const parsed = schema.safeParse(this.data, { reportInput: true });
    const issues = [
      ...(parsed.success ? [] : pathIssuesOf(parsed.error, schema, this.data, options)),
      ...(options.check?.(this.data) ?? []),
    ];
    if (issues.length > 0 || !parsed.success) this.fail(issues);
    return parsed.data;
  }

  /**
   * Throws the issues (found after validation, e.g. by a format's own rules) as one {@link InputError}, located,
   * sorted by line and capped. The code is the issues' own when they all share one, else `HF_INVALID_FIELD`.
   */
  fail(issues: readonly PathIssue[]): never {
    const located = issues.map((issue) => this.inputIssue(issue));
    located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const list = new IssueList(this.file);
    for (const issue of located) list.add(issue);
    const code = issues[0]?.code;
    list.throwIfAny(code && issues.every((i) => i.code === code) ? code : ErrorCode.InvalidField);
    throw new Error('fail() called without issues');
  }

  private inputIssue(issue: PathIssue): Omit<InputIssue, 'file'> {
    const where = this.locate(issue.path, issue.key === true);
    const field = (this.options.fieldName ?? formatPath)(issue.path, this.data);
    let got: string | undefined;
    if (!issue.key && issue.message !== 'missing') {
      got = (where?.node && this.sourceOf(where.node)) ?? valueText(valueAt(this.data, issue.path));
    }
    return {
      ...(where?.offset !== undefined ? { line: this.lines.linePos(where.offset).line } : {}),
      ...(field ? { field } : {}),
      ...(issue.message ? { message: issue.message } : {}),
      ...(issue.expected ? { expected: issue.expected } : {}),
      ...(got !== undefined ? { got } : {}),
    };
  }

  /**
   * Where `path` is: the offset of its value — of its key, with `key`, or when the value is a block collection
   * (the key names it) — and the value node itself when the path exists. A path that does not exist (a missing
   * field) points at the deepest mapping on the way, by its key when it has one: the entry the field belongs in.
   */
  private locate(path: DocumentPath, key: boolean): { offset?: number; node?: Node } | undefined {
    const root = this.doc?.contents;
    if (!root) return undefined;
    let cur: Node = root;
    let named: number | undefined; // offset of the key naming `cur`, if a key does
    for (let i = 0; i < path.length; i++) {
      const here = named ?? cur.range?.[0];
      if (!isCollection(cur)) return { offset: here };
      let child: unknown;
      let childKey: number | undefined;
      if (isMap(cur)) {
        const pair = findPair(cur, path[i]);
        if (!pair) return { offset: here };
        childKey = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        if (key && i === path.length - 1) return { offset: childKey ?? here };
        child = pair.value;
      } else {
        child = typeof path[i] === 'number' ? cur.items[path[i] as number] : undefined;
        if (child === undefined) return { offset: here };
      }
      // An alias, or a key without a value node: point at the key.
      if (!isScalar(child) && !isCollection(child)) return { offset: childKey ?? here };
      cur = child;
      named = childKey;
    }
    // A block collection starts on the line after its key: the key names it.
    const block = isCollection(cur) && !cur.flow;
    return { offset: (block ? named : undefined) ?? cur.range?.[0], node: cur };
  }

  /** What the user wrote: a plain scalar's or a flow collection's source text, a quoted scalar's value; clipped. */
  private sourceOf(node: Node): string | undefined {
    if (isScalar(node)) {
      if (node.type === 'PLAIN' && typeof node.source === 'string') return clip(node.source);
      return clip(String(node.value));
    }
    if (isCollection(node) && node.flow && node.range) {
      return clip(this.text.slice(node.range[0], node.range[1]).replace(/\s+/g, ' ').trim());
    }
    return undefined; // a block collection: shown as its value
  }

  /** Keys written twice in one mapping, each with the line of its first use. */
  private duplicateKeys(): PathIssue[] {
    if (!this.doc) return [];
    const issues: PathIssue[] = [];
    const walk = (node: unknown, path: DocumentPath): void => {
      if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
      if (!isMap(node)) return;
      const first = new Map<string, number | undefined>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        const offset = pair.key.range?.[0];
        if (first.has(name)) {
          const line = first.get(name);
          issues.push({
            path: [...path, name],
            key: true,
            message: `duplicate key${line !== undefined ? ` (first on line ${this.lines.linePos(line).line})` : ''}`,
            expected: 'each key once per mapping',
          });
        } else {
          first.set(name, offset);
          walk(pair.value, [...path, name]);
        }
      }
    };
    walk(this.doc.contents, []);
    return issues;
  }
}

/**
 * Parses user text against `schema` in one step ({@link UserDocument.parse}, then
 * {@link UserDocument.validate}).
 */
export function parseUserDocument<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  options: UserDocumentOptions & ValidateOptions,
): z.output<S> {
  return UserDocument.parse(text, file, options).validate(schema, options);
}

// The yaml library's node guards, through its lazy loading.
const isMap = (v: unknown): v is YAMLMap => yaml().isMap(v);
const isSeq = (v: unknown): v is YAMLSeq => yaml().isSeq(v);
const isScalar = (v: unknown): v is Scalar => yaml().isScalar(v);

function isCollection(v: unknown): v is YAMLMap | YAMLSeq {
  return isMap(v) || isSeq(v);
}

function findPair(map: YAMLMap, seg: string | number) {
  // The last use of a duplicate key is the one in the data (JSON.parse and toJS both keep the last).
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i];
    if (isScalar(pair.key) && String(pair.key.value) === String(seg)) return pair;
  }
  return undefined;
}

function firstAlias(doc: Document): number | undefined {
  let offset: number | undefined;
  const { visit } = yaml();
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

function valueAt(data: unknown, path: DocumentPath): unknown {
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

/** A `JSON.parse` error as an issue with the line it happened on (V8 reports a character position). */
function jsonSyntaxIssue(message: string, text: string): Omit<InputIssue, 'file'> {
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .replace(/ in JSON at position \d+.*$/, '')
    // Newer V8 quotes the text around the error, which can be a whole file: the line says where.
    .replace(/, ".*" is not valid JSON$/s, '');
  const pos = /position (\d+)/.exec(message);
  const lineCol = /line (\d+) column \d+/.exec(message);
  let line: number | undefined;
  if (lineCol) line = Number(lineCol[1]);
  else if (pos) line = text.slice(0, Number(pos[1])).split('\n').length;
  else if (/end of JSON input/.test(message)) line = text.trimEnd().split('\n').length;
  return { ...(line !== undefined ? { line } : {}), message: `JSON syntax error: ${reason}` };
}
