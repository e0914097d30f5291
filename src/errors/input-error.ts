/**
 * @module errors/input-error
 * Bad input: an {@link InputError} carries one {@link InputIssue} per problem (file, line, field, what was expected,
 * what was found), thrown wherever the mistake is found — a CSV row, a CLI option, an HTTP body, a Kubernetes pod.
 * Each front-end maps it once: the CLI to exit 2 with one `✖` line per issue, the server to a 400 with the issues.
 */
import type { ErrorCode } from './error-codes.js';
import { nestedField } from './field-path.js';

/**
 * Most issues one input reports (a file, a request body); beyond that only a count is added: a user fixes several
 * mistakes per run, and a 100,000-row file that is all wrong does not print 100,000 lines.
 */
export const MAX_ISSUES = 20;

/** One problem in the input, precise enough for the user to fix it without reading our code. */
export interface InputIssue {
  /** File the problem is in, as the user named it. */
  file?: string;
  /** 1-based line number in that file (the header is line 1). */
  line?: number;
  /** Column, field or option name; a path into nested input (`nodes.0.gpuCount`, see errors/field-path). */
  field?: string;
  /** What a valid value looks like. */
  expected?: string;
  /** What was found instead (shown quoted). */
  got?: string;
  /** Free-form text when expected/got do not fit. */
  message?: string;
}

/** Bad input: reported to the user as one line per issue and a non-zero exit, never as a stack trace. */
export class InputError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly InputIssue[];

  constructor(code: ErrorCode, issues: InputIssue | readonly InputIssue[]) {
    const list = Array.isArray(issues) ? (issues as readonly InputIssue[]) : [issues as InputIssue];
    super(list.map(formatIssue).join('\n'));
    this.name = 'InputError';
    this.code = code;
    this.issues = list;
  }

  /** Every issue on one line, `; `-separated (the `error` text of an HTTP answer, a protocol's error string). */
  get oneLine(): string {
    return this.issues.map(formatIssue).join('; ');
  }

  /**
   * The same issues as found inside a larger input: fields nested under `prefix` (a pod read from `pods.3` of a
   * request body), and optionally another code.
   */
  nestedUnder(prefix: string, code: ErrorCode = this.code): InputError {
    return new InputError(
      code,
      this.issues.map((i) => ({ ...i, field: nestedField(prefix, i.field) })),
    );
  }
}

/** `file:line: field: expected …, got "…"` — the one format every front-end prints. */
export function formatIssue(issue: InputIssue): string {
  const where = [issue.file, issue.line !== undefined ? String(issue.line) : undefined]
    .filter((s) => s !== undefined)
    .join(':');
  const parts: string[] = [];
  if (where) parts.push(where);
  if (issue.field) parts.push(issue.field);
  const what: string[] = [];
  if (issue.message) what.push(issue.message);
  if (issue.expected) what.push(`expected ${issue.expected}`);
  if (issue.got !== undefined) what.push(`got ${JSON.stringify(issue.got)}`);
  parts.push(what.join(', ') || 'invalid');
  return parts.join(': ');
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
