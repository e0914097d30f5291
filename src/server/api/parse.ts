/**
 * @module server/api/parse
 * Reading a request with its contract's schemas: a mistake is an InputError whose issues carry the field paths
 * (errors/zod-issues), which the error handler answers with a 400. Fastify's own validation is off: zod is the
 * one validator, so the document and the checks cannot drift apart.
 */
import type { z } from 'zod';
import { ErrorCode, parseInput } from '../../errors/index.js';

/** The request body checked against `schema` (an InputError HF_INVALID_BODY naming each wrong field if not). */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  return parseInput(schema, body, ErrorCode.InvalidBody);
}

/** Query or path parameters checked against `schema` (an InputError HF_INVALID_PARAMETER if not). */
export function parseParameters<T>(schema: z.ZodType<T>, parameters: unknown): T {
  return parseInput(schema, parameters, ErrorCode.InvalidParameter);
}
