/**
 * @module sim/option-bounds
 * A bounded number of a run option as a zod schema whose every failure reads `expected <words>`: the CLI shows
 * the words after the option's name (`--tune: expected …, got "…"`), the REST API after the field's
 * (`tune: expected …`), so both front-ends refuse the same values in the same words.
 */
import { z } from 'zod';

export interface NumberBounds {
  /** Whole numbers only. */
  readonly int?: boolean;
  /** Exclusive lower bound. */
  readonly gt?: number;
  /** Inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
}

/** A number within `bounds`; `expected` says which in words (`a number greater than 0 and at most 10`). */
export function boundedNumber(expected: string, bounds: NumberBounds): z.ZodNumber {
  const error = { error: `expected ${expected}` };
  let schema = z.number(error);
  if (bounds.int) schema = schema.int(error);
  if (bounds.gt !== undefined) schema = schema.gt(bounds.gt, error);
  if (bounds.min !== undefined) schema = schema.min(bounds.min, error);
  if (bounds.max !== undefined) schema = schema.max(bounds.max, error);
  return schema;
}

/** A whole-number seed: any safe integer (every random choice of a run derives from it). */
export const Seed = boundedNumber('a whole number (a safe integer)', {
  int: true,
  min: Number.MIN_SAFE_INTEGER,
  max: Number.MAX_SAFE_INTEGER,
});
