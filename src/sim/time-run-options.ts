/**
 * @module sim/time-run-options
 * The options of a fleet over time — policies, seed, queue, backfill depth, preemption, reference accelerator,
 * FGD weight and the synthetic workload — as one zod schema (and the defragmenter's bounds, which only
 * `hyperfleet run` takes) with their bounds and defaults, read by
 * `hyperfleet run` (after parsing the option strings) and by `POST /v1/simulations` `{ kind: "time" }` alike.
 */
import { z } from 'zod';
import {
  BackfillDepth,
  boundedNumber,
  FgdWeight,
  QueueDiscipline,
  ReferenceAccelerator,
  Seed,
} from './option-bounds.js';
import { MAX_MOVES_LIMIT } from '../defrag/index.js';
import { TimePolicy } from '../policies/index.js';

/**
 * A synthetic workload fitted to the openb default trace (`synthetic:pods=N,days=D,seed=S`): the bounds are the
 * generator's (workload/synthetic), 1 to 100,000,000 pods over at most ten years; the seed defaults to the run's.
 */
export const SyntheticWorkload = z.object({
  pods: boundedNumber('a whole number of pods from 1 to 100000000', { int: true, min: 1, max: 100_000_000 }),
  days: boundedNumber('a number of days greater than 0 and at most 3650', { gt: 0, max: 3650 }),
  seed: z.optional(Seed),
});
export type SyntheticWorkload = z.output<typeof SyntheticWorkload>;

/** The spec text of a synthetic workload, as `hyperfleet run --workload` takes it. */
export function syntheticSpecText(w: SyntheticWorkload, seed: number): string {
  return `synthetic:pods=${w.pods},days=${w.days},seed=${w.seed ?? seed}`;
}

/** Options of a time run on a fleet (the fleet and the workload are given beside them). */
export const TimeRunOptions = z.object({
  policies: z.array(TimePolicy).min(1, 'expected at least one policy').default(['fgd']),
  seed: z._default(Seed, 42),
  queue: z._default(QueueDiscipline, 'backfill'),
  backfillDepth: z._default(BackfillDepth, 64),
  preemption: z.boolean().default(false),
  reference: z._default(ReferenceAccelerator, 'nvidia-a100'),
  fgdWeight: z._default(FgdWeight, 0.5),
});
export type TimeRunOptions = z.output<typeof TimeRunOptions>;

/** Moves per defragmentation plan (`--defrag-max-moves`): the planner's bounds. */
export const DefragMaxMoves = boundedNumber(`a whole number from 0 to ${MAX_MOVES_LIMIT}`, {
  int: true,
  min: 0,
  max: MAX_MOVES_LIMIT,
});

/** Restart delay of a moved pod (`--migration-cost`), seconds: at most a day (a move that costs more is no move). */
export const MigrationCostSec = boundedNumber('a duration from 0 to 1d', { min: 0, max: 86_400 });

/**
 * Period of the periodic defragmenter (`--defrag periodic:D`), seconds: at least a minute (each pass plans for
 * up to the backfill depth of waiting pods), at most 30 days.
 */
export const DefragPeriodSec = boundedNumber('a duration from 1m to 30d', { min: 60, max: 30 * 86_400 });
