/**
 * @module errors/zod-issues
 * zod's validation issues as {@link InputIssue}s, mapped once for every caller (the REST bodies, the extender's
 * wire types, Kubernetes objects): the field is the issue's path (errors/field-path), a missing field says so,
 * and a union reports the alternative that got furthest rather than a bare "Invalid input". Only zod's types are
 * imported, so code that never validates with zod does not load it.
 */
import type { ZodType } from 'zod';
import type { ErrorCode } from './error-codes.js';
import { fieldPath, nestedField } from './field-path.js';
import { InputError, type InputIssue, MAX_ISSUES } from './input-error.js';

/** The parts of a zod issue read here (zod 4's `$ZodIssue`, structurally). */
interface ZodIssueLike {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: unknown;
  readonly input?: unknown;
  /** An `invalid_union`'s issues, one list per alternative. */
  readonly errors?: readonly (readonly ZodIssueLike[])[];
}

function depth(issues: readonly ZodIssueLike[]): number {
  return issues.reduce((max, i) => Math.max(max, i.path.length), 0);
}

/** The issues of a union: those of the alternative that matched deepest into the input (fewest issues on ties). */
function unionIssues(issue: ZodIssueLike): readonly ZodIssueLike[] | undefined {
  let best: readonly ZodIssueLike[] | undefined;
  for (const branch of issue.errors ?? []) {
    if (branch.length === 0) continue;
    if (
      best === undefined ||
      depth(branch) > depth(best) ||
      (depth(branch) === depth(best) && branch.length < best.length)
    )
      best = branch;
  }
  // Every alternative failing at the union's own level says no more than the union's message.
  return best !== undefined && depth(best) > 0 ? best : undefined;
}

function flatten(issues: readonly ZodIssueLike[], under: readonly PropertyKey[], out: InputIssue[]): void {
  for (const issue of issues) {
    const path = [...under, ...issue.path];
    const branch = issue.code === 'invalid_union' ? unionIssues(issue) : undefined;
    if (branch) {
      flatten(branch, path, out);
      continue;
    }
    const field = fieldPath(path) || undefined;
    if (issue.code === 'invalid_type' && issue.input === undefined && 'input' in issue) {
      out.push({ field, message: 'missing', expected: String(issue.expected) });
    } else {
      out.push({ field, message: issue.message });
    }
  }
}

/** zod issues as input issues, fields nested under `prefix`, capped at {@link MAX_ISSUES}. */
export function issuesOfZod(issues: readonly ZodIssueLike[], prefix = ''): InputIssue[] {
  const all: InputIssue[] = [];
  flatten(issues, [], all);
  const shown = all
    .slice(0, MAX_ISSUES)
    .map((i) => (prefix ? { ...i, field: nestedField(prefix, i.field) } : i));
  if (all.length > MAX_ISSUES) {
    shown.push({ message: `${all.length - MAX_ISSUES} more problem(s) not shown` });
  }
  return shown;
}

/**
 * `value` checked against `schema`: its data, or an {@link InputError} with `code` and one issue per problem, the
 * fields nested under `prefix` (e.g. `Pod` for the pod of an extender request).
 */
export function parseInput<T>(schema: ZodType<T>, value: unknown, code: ErrorCode, prefix = ''): T {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new InputError(code, issuesOfZod(result.error.issues as readonly ZodIssueLike[], prefix));
}
