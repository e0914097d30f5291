/**
 * @module errors
 * The three kinds of failure, kept apart as kube-scheduler keeps `Unschedulable` apart from `Error`:
 * expected outcomes are values (see framework/verdict), bad input is an {@link InputError} with one issue per
 * problem (file, line, field, what was expected, what was found), and bugs throw ordinary errors.
 */

/** Stable error codes; every code that can leave the process is listed here. */
export const ErrorCode = {
  FileNotFound: 'HF_FILE_NOT_FOUND',
  FileEmpty: 'HF_FILE_EMPTY',
  NotCsv: 'HF_NOT_CSV',
  MissingColumn: 'HF_MISSING_COLUMN',
  InvalidField: 'HF_INVALID_FIELD',
  UnknownGpuType: 'HF_UNKNOWN_GPU_TYPE',
  InvalidOption: 'HF_INVALID_OPTION',
  Download: 'HF_DOWNLOAD',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem in the input, precise enough for the user to fix it without reading our code. */
export interface InputIssue {
  /** File the problem is in, as the user named it. */
  file?: string;
  /** 1-based line number in that file (the header is line 1). */
  line?: number;
  /** Column, field or option name. */
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
