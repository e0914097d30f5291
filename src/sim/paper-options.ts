/**
 * @module sim/paper-options
 * The options of the FGD paper protocol — policies, seeds and the tuning ratio — as one zod schema with their
 * bounds and defaults, read by `hyperfleet simulate|experiment` (after parsing the option strings) and by
 * `POST /v1/simulations` `{ kind: "paper" }` alike, so that both accept and refuse the same values.
 */
import { z } from 'zod';
import { PAPER_POLICIES } from '../policies/index.js';
import { boundedNumber, Seed } from './option-bounds.js';
import { parseSeeds } from './seeds.js';

/** One of the paper's six policies (the protocol has no fleet economics, so no fleet-aware policy). */
export const PaperPolicy = z.enum(PAPER_POLICIES, {
  error: `expected one of ${PAPER_POLICIES.join(', ')}`,
});

/**
 * The tuning ratio: total GPU request ≈ tune × cluster capacity. Above 0; at most 10 because the paper's curves
 * stop at 130 % of capacity (tune 1.3) and every pod past ~100 % fails to place, so a larger ratio only adds
 * failing pods while the run time grows with it (tune 10 already replays ~8× more pods than fit).
 */
export const MAX_TUNE = 10;
export const Tune = boundedNumber(`a positive number ≤ ${MAX_TUNE}`, { gt: 0, max: MAX_TUNE });

/** Most seeds of one set: a range text is capped at 10,001 values by parseSeeds too. */
export const MAX_SEEDS = 10_001;

/**
 * Seeds as a text (`42`, `42-51`, `42,45`, `42-44,50`) or a list of whole numbers; always a list of distinct
 * seeds, in the order given.
 */
export const Seeds = z
  .union([z.string(), z.array(Seed)])
  .transform((value, ctx) => {
    if (Array.isArray(value)) return [...new Set(value)];
    try {
      return parseSeeds(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected seeds like 42, 42-51 or 42,45, got "${value}"` });
      return z.NEVER;
    }
  })
  .pipe(
    z.array(Seed).min(1, 'expected at least one seed').max(MAX_SEEDS, `expected at most ${MAX_SEEDS} seeds`),
  );

/** Options of a paper experiment grid (one workload's policies × seeds); the defaults are a quick run's. */
export const PaperExperimentOptions = z.object({
  policies: z
    .array(PaperPolicy)
    .min(1, 'expected at least one policy')
    .default([...PAPER_POLICIES]),
  seeds: Seeds.default([42]),
  tune: Tune.default(1.3),
});
export type PaperExperimentOptions = z.output<typeof PaperExperimentOptions>;
