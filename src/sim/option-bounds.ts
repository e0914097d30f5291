/**
 * @module sim/option-bounds
 * The single values of run options — seed, tuning ratio, queue, backfill depth, FGD weight, reference accelerator
 * (policy names are the core's: policies/policy-name-schemas) — as zod schemas whose every failure reads `expected <words>`: the CLI shows the words after the
 * option's name (`--tune: expected …, got "…"`), the REST API after the field's (`tune: expected …`), so both
 * front-ends refuse the same values in the same words. The objects that group them (paper-options,
 * time-run-options) build on these.
 *
 * Written with `zod/mini`, whose schemas are plain functions a bundler keeps only when used: `hyperfleet simulate`
 * runs from a one-file bundle in about a quarter of a second and checks its options with these schemas, and the
 * full zod API would add ~730 KB to that bundle and ~20 ms to every run. Both APIs share zod's core, so the REST
 * schemas nest these as they are.
 */
import * as zm from 'zod/mini';

export interface NumberBounds {
  /** Whole numbers only. */
  readonly int?: boolean;
  /** Exclusive lower bound. */
  readonly gt?: number;
  /** Inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
}

/** A number checked by zod: what the options and request bodies of the pillars hold. */
export type BoundedNumber = zm.ZodMiniType<number, number>;

/** A number within `bounds`; `expected` says which in words (`a number greater than 0 and at most 10`). */
export function boundedNumber(expected: string, bounds: NumberBounds): BoundedNumber {
  const error = { error: `expected ${expected}` };
  const checks: zm.core.$ZodCheck<number>[] = [];
  if (bounds.gt !== undefined) checks.push(zm.gt(bounds.gt, error));
  if (bounds.min !== undefined) checks.push(zm.gte(bounds.min, error));
  if (bounds.max !== undefined) checks.push(zm.lte(bounds.max, error));
  return (bounds.int ? zm.int(error) : zm.number(error)).check(...checks);
}

/** A whole-number seed: any safe integer (every random choice of a run derives from it). */
export const Seed = boundedNumber('a whole number (a safe integer)', {
  int: true,
  min: Number.MIN_SAFE_INTEGER,
  max: Number.MAX_SAFE_INTEGER,
});

/**
 * The tuning ratio: total GPU request ≈ tune × cluster capacity. Above 0; at most 10 because the paper's curves
 * stop at 130 % of capacity (tune 1.3) and every pod past ~100 % fails to place, so a larger ratio only adds
 * failing pods while the run time grows with it (tune 10 already replays ~8× more pods than fit).
 */
export const MAX_TUNE = 10;
export const Tune = boundedNumber(`a positive number ≤ ${MAX_TUNE}`, { gt: 0, max: MAX_TUNE });

/** fifo: strict arrival order; backfill: later pods may start while an earlier one waits. */
export const QueueDiscipline = zm.enum(['fifo', 'backfill'], { error: 'expected fifo or backfill' });

/**
 * Waiting pods one backfill pass may try: at least 1; at most 1,000,000, since a depth beyond the pods waiting
 * changes nothing and no workload the simulator holds in memory queues more (the pass costs time per pod tried).
 */
export const MAX_BACKFILL_DEPTH = 1_000_000;
export const BackfillDepth = boundedNumber(`a whole number from 1 to ${MAX_BACKFILL_DEPTH}`, {
  int: true,
  min: 1,
  max: MAX_BACKFILL_DEPTH,
});

/** Weight of FGD against energy or cost in fgd-energy / fgd-cost: a share, 0..1 by definition. */
export const FgdWeight = boundedNumber('a number from 0 to 1', { min: 0, max: 1 });

/** The catalog id of the accelerator the workload's durations were recorded on. */
export const ReferenceAccelerator = zm
  .string()
  .check(zm.minLength(1, 'expected an accelerator catalog id such as nvidia-a100'));
