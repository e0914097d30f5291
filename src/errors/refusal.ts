/**
 * @module errors/refusal
 * Domain refusals — "no" as a value, as kube-scheduler returns a Status rather than failing: an operation that may
 * be refused (remove a node that still runs pods, release a pod that has no placement, bind to an unknown node)
 * returns `{ ok: true, … }` or a {@link Refusal} saying which kind of no and why. Callers branch on `ok`; a front-end
 * that must answer with a status (HTTP) throws the one {@link RefusedError}, which its error handler maps by kind.
 */
import { ErrorCode } from './error-codes.js';

/**
 * Kinds of "no": the thing named does not exist; it conflicts with the current state; who asks may not; the service
 * cannot take it now (a full queue).
 */
export type RefusalKind = 'not-found' | 'conflict' | 'unauthorized' | 'forbidden' | 'unavailable';

/** A refused operation: nothing changed, and `reason` says why in the user's terms. */
export interface Refusal {
  readonly ok: false;
  readonly kind: RefusalKind;
  readonly reason: string;
}

/** What an operation that may be refused returns: its result with `ok: true`, or the refusal. */
export type Outcome<T extends object = object> = ({ readonly ok: true } & T) | Refusal;

export function refuse(kind: RefusalKind, reason: string): Refusal {
  return { ok: false, kind, reason };
}

/** The stable code of each kind of refusal (errors/error-codes). */
export const REFUSAL_CODES: Readonly<Record<RefusalKind, ErrorCode>> = {
  'not-found': ErrorCode.NotFound,
  conflict: ErrorCode.Conflict,
  unauthorized: ErrorCode.Unauthorized,
  forbidden: ErrorCode.Forbidden,
  unavailable: ErrorCode.Unavailable,
};

/** A refusal on its way to a front-end that answers with a status: thrown by the caller, mapped by kind once. */
export class RefusedError extends Error {
  readonly kind: RefusalKind;
  readonly code: ErrorCode;

  constructor(refusal: Refusal) {
    super(refusal.reason);
    this.name = 'RefusedError';
    this.kind = refusal.kind;
    this.code = REFUSAL_CODES[refusal.kind];
  }
}

/** The result of an {@link Outcome}, or a thrown {@link RefusedError} when it was refused. */
export function acceptedOrThrow<T extends object>(outcome: Outcome<T>): { readonly ok: true } & T {
  if (!outcome.ok) throw new RefusedError(outcome);
  return outcome;
}
