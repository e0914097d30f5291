/**
 * @module errors
 * The three kinds of failure, kept apart as kube-scheduler keeps `Unschedulable` apart from `Error`:
 * expected outcomes are values ({@link Refusal}s, see errors/refusal), bad input is an {@link InputError} with one
 * issue per problem (file, line, field, what was expected, what was found), and bugs throw ordinary errors.
 * The stable codes of all of them are in errors/error-codes.
 */
export { ErrorCode } from './error-codes.js';
export { fieldPath, nestedField } from './field-path.js';
export { formatIssue, InputError, type InputIssue, isInputError, MAX_ISSUES } from './input-error.js';
export {
  acceptedOrThrow,
  type Outcome,
  refuse,
  REFUSAL_CODES,
  type Refusal,
  type RefusalKind,
  RefusedError,
} from './refusal.js';
export { issuesOfZod, parseInput } from './zod-issues.js';
