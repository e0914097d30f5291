/**
 * @module cli/options
 * Parsers for command-line values; each rejects bad input with an InputError naming the option.
 */
import { ErrorCode, InputError } from '../errors/index.js';
import {
  isPolicyName,
  PAPER_POLICIES,
  type PaperPolicyName,
  POLICY_NAMES,
  type PolicyName,
} from '../policies/index.js';

function bad(field: string, expected: string, got: string): InputError {
  return new InputError(ErrorCode.InvalidOption, { field, expected, got });
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

/** `all` (the paper's six) or a comma list of paper policies (the paper protocol has no fleet economics). */
export function parsePolicies(text: string): PaperPolicyName[] {
  const expected = `all, or a comma list of ${PAPER_POLICIES.join(', ')}`;
  if (text.trim() === 'all') return [...PAPER_POLICIES];
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw bad('--policies', expected, text);
  for (const name of names) if (!isPaperPolicy(name)) throw bad('--policies', expected, name);
  return [...new Set(names as PaperPolicyName[])];
}

function isPaperPolicy(name: string): name is PaperPolicyName {
  return (PAPER_POLICIES as readonly string[]).includes(name);
}

/** One of the paper's policies (`simulate`, `experiment`). */
export function parsePolicy(text: string): PaperPolicyName {
  if (!isPaperPolicy(text)) throw bad('--policy', `one of ${PAPER_POLICIES.join(', ')}`, text);
  return text;
}

/** Any policy, the fleet-aware ones included (`run`). */
export function parseAnyPolicy(text: string): PolicyName {
  if (!isPolicyName(text)) throw bad('--policy', `one of ${POLICY_NAMES.join(', ')}`, text);
  return text;
}
