/**
 * @module sim/time-run-options
 * The options of a fleet over time — policies, seed, queue, backfill depth, preemption, reference accelerator,
 * FGD weight and the synthetic workload — as one zod schema with their bounds and defaults, read by
 * `hyperfleet run` (after parsing the option strings) and by `POST /v1/simulations` `{ kind: "time" }` alike.
 */
import { z } from 'zod';
import { POLICY_NAMES } from '../policies/index.js';
import { boundedNumber, Seed } from './option-bounds.js';

/** Any policy, the fleet-aware ones included. */
export const TimePolicy = z.enum(POLICY_NAMES, { error: `expected one of ${POLICY_NAMES.join(', ')}` });

/** fifo: strict arrival order; backfill: later pods may start while an earlier one waits. */
export const QueueDiscipline = z.enum(['fifo', 'backfill'], { error: 'expected fifo or backfill' });

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
export const ReferenceAccelerator = z
  .string()
  .min(1, 'expected an accelerator catalog id such as nvidia-a100');

/**
 * A synthetic workload fitted to the openb default trace (`synthetic:pods=N,days=D,seed=S`): the bounds are the
 * generator's (workload/synthetic), 1 to 100,000,000 pods over at most ten years; the seed defaults to the run's.
 */
export const SyntheticWorkload = z.object({
  pods: boundedNumber('a whole number of pods from 1 to 100000000', { int: true, min: 1, max: 100_000_000 }),
  days: boundedNumber('a number of days greater than 0 and at most 3650', { gt: 0, max: 3650 }),
  seed: Seed.optional(),
});
export type SyntheticWorkload = z.output<typeof SyntheticWorkload>;

/** The spec text of a synthetic workload, as `hyperfleet run --workload` takes it. */
export function syntheticSpecText(w: SyntheticWorkload, seed: number): string {
  return `synthetic:pods=${w.pods},days=${w.days},seed=${w.seed ?? seed}`;
}

/** Options of a time run on a fleet (the fleet and the workload are given beside them). */
export const TimeRunOptions = z.object({
  policies: z.array(TimePolicy).min(1, 'expected at least one policy').default(['fgd']),
  seed: Seed.default(42),
  queue: QueueDiscipline.default('backfill'),
  backfillDepth: BackfillDepth.default(64),
  preemption: z.boolean().default(false),
  reference: ReferenceAccelerator.default('nvidia-a100'),
  fgdWeight: FgdWeight.default(0.5),
});
export type TimeRunOptions = z.output<typeof TimeRunOptions>;
