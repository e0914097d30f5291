/**
 * Why a form was refused: the server's (or the form's own) one-line reason and, one per line, the fields at fault
 * with what was expected and what was found. An alert, so it is announced; `id` lets the form point at it.
 */
import type { ReactNode } from 'react';
import { ApiError, type ApiIssue } from '../api';

export interface FormErrorValue {
  message: string;
  issues: readonly ApiIssue[];
}

/** What a failed request shows: the server's reason and fields when it gave them. */
export function formErrorOf(err: unknown): FormErrorValue {
  return err instanceof ApiError
    ? { message: err.message, issues: err.issues }
    : { message: String(err), issues: [] };
}

export function FormError({ id, error }: { id: string; error: FormErrorValue }): ReactNode {
  return (
    <div id={id} role="alert" className="notice error">
      {error.message}
      {error.issues.length > 0 ? (
        <ul>
          {error.issues.map((issue, i) => (
            <li key={i}>
              {issue.field ? <code>{issue.field}</code> : null} {issueText(issue)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** An issue in words: its message, or what was expected and what was found. */
function issueText(issue: ApiIssue): string {
  if (issue.message) return issue.message;
  return [issue.expected && `expected ${issue.expected}`, issue.got && `got ${issue.got}`]
    .filter(Boolean)
    .join(', ');
}
