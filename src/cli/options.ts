/**
 * @module cli/options
 * Parsers for command-line values; each rejects bad input with an InputError naming the option. The run options
 * of the pillars (sim's paper and time options, measure's accounting options) are zod schemas shared with the
 * REST API: the text is turned into a value here, then checked with the pillar's schema ({@link checkOption}), so
 * the CLI and the REST API refuse the same values in the same words.
 */
import * as zm from 'zod/mini';
import { ErrorCode, InputError } from '../errors/index.js';
import {
  PAPER_POLICIES,
  PaperPolicy,
  type PaperPolicyName,
  type PolicyName,
  TimePolicy,
} from '../policies/index.js';

function bad(field: string, expected: string, got: string): InputError {
  return new InputError(ErrorCode.InvalidOption, { field, expected, got });
}

/**
 * `value` (read from the option's `text`) checked against a pillar's `schema`: a failure names the option, with
 * the schema's words (`--tune: expected a positive number ≤ 10, got "11"`).
 */
export function checkOption<T>(schema: zm.core.$ZodType<T>, option: string, value: unknown, text: string): T {
  // zod/mini's function works on every zod schema and keeps the simulate bundle free of the full API (sim/option-bounds).
  const result = zm.safeParse(schema, value);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? 'invalid';
  throw message.startsWith('expected ')
    ? bad(option, message.slice('expected '.length), text)
    : new InputError(ErrorCode.InvalidOption, { field: option, message, got: text });
}

/** `text` as the decimal number it spells; NaN when it spells none (empty, `12abc`, `0x10`). */
function decimal(text: string): number {
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) ? Number(text) : NaN;
}

/** A numeric option checked against its schema (a text that is no number gets the schema's words too). */
export function numberOption(schema: zm.core.$ZodType<number>, option: string, text: string): number {
  return checkOption(schema, option, decimal(text), text);
}

/** A finite number, optionally bounded below (exclusive). */
export function parseNumber(field: string, text: string, { positive = false } = {}): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (positive && value <= 0)) {
    throw bad(field, positive ? 'a positive number' : 'a number', text);
  }
  return value;
}

/** A whole number ≥ `min`. */
export function parseInteger(field: string, text: string, min = 0): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || value < min || !Number.isSafeInteger(value)) {
    throw bad(field, `a whole number ≥ ${min}`, text);
  }
  return value;
}

/** Comma list items, trimmed, empty ones dropped. */
function listItems(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `all` (the paper's six) or a comma list of paper policies (the paper protocol has no fleet economics). */
export function parsePolicies(text: string): PaperPolicyName[] {
  if (text.trim() === 'all') return [...PAPER_POLICIES];
  const names = listItems(text);
  if (names.length === 0)
    throw bad('--policies', `all, or a comma list of ${PAPER_POLICIES.join(', ')}`, text);
  return [...new Set(names.map((name) => checkOption(PaperPolicy, '--policies', name, name)))];
}

/** One of the paper's policies (`simulate`, `experiment`; `plan --check-policy`), given as `option`. */
export function parsePolicy(text: string, option = '--policy'): PaperPolicyName {
  return checkOption(PaperPolicy, option, text, text);
}

/** Any policy, the fleet-aware ones included (`run`): one, or a comma list to compare (distinct, in order). */
export function parseAnyPolicies(text: string): PolicyName[] {
  return [...new Set(text.split(',').map((p) => checkOption(TimePolicy, '--policy', p.trim(), p.trim())))];
}

/** Any policy, the fleet-aware ones included (`serve`). */
export function parseAnyPolicy(text: string): PolicyName {
  return checkOption(TimePolicy, '--policy', text, text);
}
