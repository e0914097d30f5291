/**
 * @module server/api/errors
 * The body of every error answer, `{ code, message, issues, error, requestId }` (server/error-handler), as a zod
 * schema for the OpenAPI document and the tests. A compile-time check keeps it equal to the handler's type.
 */
import { z } from 'zod';
import { ErrorCode } from '../../errors/index.js';
import type { ErrorBody as HandlerErrorBody } from '../error-handler.js';
import type { Expect, SameShape } from './type-equality.js';

/** One problem in a request (errors/input-error's InputIssue). */
export const InputIssue = z.strictObject({
  file: z.string().optional(),
  line: z.number().int().optional(),
  field: z.string().optional(),
  expected: z.string().optional(),
  got: z.string().optional(),
  message: z.string().optional(),
});

export const ErrorBody = z
  .strictObject({
    code: z
      .enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]])
      .describe('stable code (docs/api.md)'),
    message: z.string().describe('what went wrong, one line per issue'),
    issues: z.array(InputIssue).describe('one entry per problem in the request'),
    error: z.string().describe('the message on one line'),
    requestId: z.string().describe("the request's id, also in the server log"),
  })
  .describe('The body of every error answer');
export type ErrorBody = z.output<typeof ErrorBody>;

export type ErrorBodyMatchesHandler = Expect<SameShape<ErrorBody, HandlerErrorBody>>;
