/**
 * @module queue/task-outcome
 * What a worker stores for a task and a submitter reads back: the result, or why the task failed. Encoded with
 * V8's structured clone (as worker threads pass results), so a result comes back exactly as a local run returns
 * it — every number to the last bit, NaN, −0 and undefined fields included — which JSON would not. Bad input
 * keeps its code and issues (the submitter throws the same InputError a local run would); any other failure keeps
 * its message only, for the submitter's log.
 */
import { deserialize, serialize } from 'node:v8';
import { type ErrorCode, InputError, type InputIssue, isInputError } from '../errors/index.js';

type StoredOutcome =
  | { readonly result: unknown }
  | { readonly inputError: { readonly code: ErrorCode; readonly issues: readonly InputIssue[] } }
  | { readonly failure: string };

/** The outcome of a task that returned `result`. */
export function encodeResult(result: unknown): Buffer {
  return serialize({ result } satisfies StoredOutcome);
}

/** The outcome of a task that threw `error`. */
export function encodeFailure(error: unknown): Buffer {
  const outcome: StoredOutcome = isInputError(error)
    ? { inputError: { code: error.code, issues: error.issues } }
    : { failure: error instanceof Error ? error.message : String(error) };
  return serialize(outcome);
}

/** Thrown for a task that failed on a worker other than by bad input (its message is the worker's, for logs). */
export class RemoteTaskError extends Error {
  override readonly name = 'RemoteTaskError';
}

/** The result stored in `bytes`, or the error the task threw there, thrown again here. */
export function decodeOutcome<R>(bytes: Buffer, taskId: string): R {
  const outcome = deserialize(bytes) as StoredOutcome;
  if ('result' in outcome) return outcome.result as R;
  if ('inputError' in outcome) throw new InputError(outcome.inputError.code, outcome.inputError.issues);
  throw new RemoteTaskError(`task ${taskId} failed on its worker: ${outcome.failure}`);
}
