/**
 * @module input/schema-issues
 * Zod's issues as {@link PathIssue}s, the one shape every YAML/JSON format reports problems in: a path into the
 * document (`pools[1].devicesPerNode`), what was expected, and a message when expected/got do not say it all.
 *
 * The schemas' `error` texts are written as what a valid value looks like ("a whole number ≥ 1"), so a zod issue's
 * message is the issue's `expected`. On top of that: an unknown key says which known key is closest (or lists them
 * all), a missing field says "missing", and rules across fields — zod refinements added by {@link crossFieldRule} —
 * carry their own message, expected text and error code.
 *
 * zod is imported as a type only: the schemas come from the callers, and input's CSV readers, which share this
 * folder's index, should not load zod.
 */
import type * as z from 'zod';
import type { ErrorCode } from '../errors/index.js';
import { closest } from './suggest.js';

export type DocumentPath = readonly (string | number)[];

/** One problem, located by its path in the document. */
export interface PathIssue {
  readonly path: DocumentPath;
  readonly message?: string;
  readonly expected?: string;
  /** The problem is the key itself (an unknown or misspelt field name), not its value: no "got". */
  readonly key?: boolean;
  /** The error code when it is not `HF_INVALID_FIELD` (e.g. an unknown accelerator). */
  readonly code?: ErrorCode;
}

/** `pools[1].devicesPerNode` (an empty path is the empty string). */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s === '' ? String(p) : `.${String(p)}`;
  }
  return s;
}

/** What a {@link crossFieldRule} carries in a zod issue's params, besides its expected text (the message). */
interface RuleParams {
  readonly pathIssue: Omit<PathIssue, 'path' | 'expected'>;
}

/**
 * `schema` with a rule across fields (unique names, one price per pool …) added as a zod refinement. The rule runs
 * even when fields of the value failed their own rules, so the user sees every problem at once: it gets the value
 * as parsed so far — possibly of the wrong type, fields possibly wrong — and reports issues with paths relative to
 * it.
 */
export function crossFieldRule<S extends z.ZodType>(
  schema: S,
  rule: (value: unknown, report: (issue: PathIssue) => void) => void,
): S {
  return schema.superRefine(
    (value: unknown, ctx) =>
      rule(value, ({ path, expected, ...rest }) => {
        const params: RuleParams = { pathIssue: rest };
        ctx.addIssue({ code: 'custom', path: [...path], message: expected ?? '', params });
      }),
    { when: () => true },
  );
}

export interface ZodIssueOptions {
  /** Other names people use for a field (`gpus` → `devicesPerNode`), for "did you mean". */
  readonly synonyms?: Readonly<Record<string, string>>;
}

/**
 * The issues of a failed `schema.safeParse(data, { reportInput: true })` as {@link PathIssue}s. `data` is the
 * input, used to pick the branch of a discriminated union when listing the keys an object may have.
 */
export function pathIssuesOf(
  error: z.ZodError,
  schema: z.ZodType,
  data: unknown,
  options: ZodIssueOptions = {},
): PathIssue[] {
  return error.issues.flatMap((issue): PathIssue[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, path, data);
        return issue.keys.map((key) => unknownKey([...path, key], known, options.synonyms ?? {}));
      }
      case 'invalid_key':
        return [{ path, key: true, message: 'invalid name', expected: issue.issues[0]?.message }];
      case 'custom': {
        const rule = (issue.params as RuleParams | undefined)?.pathIssue;
        return [{ path, ...(issue.message ? { expected: issue.message } : {}), ...rule }];
      }
      default:
        if (issue.code === 'invalid_type' && issue.input === undefined) {
          return [{ path, message: 'missing', expected: issue.message }];
        }
        return [{ path, expected: issue.message }];
    }
  });
}

function unknownKey(
  path: DocumentPath,
  known: readonly string[],
  synonyms: Readonly<Record<string, string>>,
): PathIssue {
  const key = String(path[path.length - 1]);
  const synonym = Object.hasOwn(synonyms, key) && known.includes(synonyms[key]) ? synonyms[key] : undefined;
  const hint = synonym ?? closest(key, known, 1)[0];
  if (hint) return { path, key: true, message: `unknown field, did you mean "${hint}"?` };
  return { path, key: true, message: 'unknown field', expected: `one of ${known.join(', ')}` };
}

/** The parts of a zod schema's definition the walk below reads (zod is only a type here: see the module header). */
interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
}

const defOf = (schema: z.ZodType): SchemaDef => schema._zod.def as unknown as SchemaDef;

/** The field names of the object schema at `path` (array items, record values and wrappers stepped through). */
function knownKeysAt(schema: z.ZodType, path: DocumentPath, data: unknown): string[] {
  let s: z.ZodType | undefined = schema;
  let value = data;
  for (let i = 0; s !== undefined; i++) {
    s = unwrap(s, value);
    if (i === path.length) break;
    const seg = path[i];
    const def = defOf(s);
    value = isRecord(value) || Array.isArray(value) ? (value as Record<string, unknown>)[seg] : undefined;
    if (def.type === 'object' && typeof seg === 'string') s = def.shape?.[seg];
    else if (def.type === 'array' && typeof seg === 'number') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else s = undefined;
  }
  const shape = s && defOf(s).type === 'object' ? defOf(s).shape : undefined;
  return shape ? Object.keys(shape) : [];
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch']);

/** The schema under optional/default/nullable/transform wrappers; of a discriminated union, the branch `value` picks. */
function unwrap(schema: z.ZodType, value: unknown): z.ZodType {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else if (def.type === 'union' && def.discriminator !== undefined) {
      const tag = isRecord(value) ? value[def.discriminator] : undefined;
      const branch = def.options?.find((o) => defOf(o).shape?.[def.discriminator!]?.safeParse(tag).success);
      if (!branch) return s;
      s = branch;
    } else return s;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
