/**
 * @module sim/paper-options
 * The options of the FGD paper protocol — policies, seeds and the tuning ratio — as one zod schema with their
 * bounds and defaults, read by `hyperfleet simulate|experiment` (after parsing the option strings) and by
 * `POST /v1/simulations` `{ kind: "paper" }` alike, so that both accept and refuse the same values.
 */
import { z } from 'zod';
import { PAPER_POLICIES, PaperPolicy } from '../policies/index.js';
import { Seed, Tune } from './option-bounds.js';
import { parseSeeds } from './seeds.js';

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
  tune: z._default(Tune, 1.3),
});
export type PaperExperimentOptions = z.output<typeof PaperExperimentOptions>;
