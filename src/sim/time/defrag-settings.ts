/**
 * @module sim/time/defrag-settings
 * The time simulator's defragmenter, as it is asked for (`hyperfleet run --defrag`) and as it reports: when it
 * plans (`on-pending`: when an arriving pod fits nowhere; `periodic`: every so often, for the waiting pods in
 * queue order), what a move costs (the restart delay), the planner's bounds (moves per plan, work per plan), how
 * often one pod may move, and the counts of what it did.
 */

export type DefragTrigger =
  { readonly kind: 'on-pending' } | { readonly kind: 'periodic'; readonly everySec: number };

/**
 * A pod moves at most once per this many simulated seconds (or per migration cost, if longer): a pod that has just
 * restarted is not evicted again for the next pending pod, so no pod restarts over and over.
 */
export const DEFAULT_MOVE_COOLDOWN_SEC = 3600;

/**
 * Work units (defrag/planner) one plan may spend in the simulator. Far lower than the planner's own default (which
 * a one-off `hyperfleet defrag` can afford): a month at high load asks for a thousand plans or more, and a plan
 * that needs more search than this is rarely found by more — on bench/defrag-time.bench.js's month, 200,000
 * units applied 66 plans in 29 s, 50,000 applied 58 in 16 s, 20,000 applied 59 in 15 s.
 */
export const SIM_DEFRAG_WORK_LIMIT = 50_000;

export interface TimeDefragSettings {
  readonly trigger: DefragTrigger;
  /** Restart delay of a moved pod, seconds (≥ 0): it holds its new devices this long before its work resumes. */
  readonly migrationCostSec: number;
  /** Most moves per plan (default: the planner's, defrag DEFAULT_MAX_MOVES). */
  readonly maxMoves?: number;
  /** Work units per plan (default {@link SIM_DEFRAG_WORK_LIMIT}). */
  readonly workLimit?: number;
  /** Least time between two moves of one pod (default {@link DEFAULT_MOVE_COOLDOWN_SEC}). */
  readonly cooldownSec?: number;
}

/** What the defragmenter did over a run (`defrag` in the result; absent when it is off). */
export interface DefragFigures {
  /** `on-pending` or `periodic:<seconds>s`. */
  trigger: string;
  migrationCostSec: number;
  maxMoves: number;
  workLimit: number;
  cooldownSec: number;
  /** Waiting pods the planner was asked about (one per pod and occasion; a repeat on an unchanged fleet is skipped). */
  plansTried: number;
  /** Plans carried out: their moves done and the pending pod started. */
  plansApplied: number;
  /** Plans that found nothing without proving that nothing exists (work limit, or the search beyond 2 moves). */
  plansUnproven: number;
  /** Moves carried out, and the distinct pods they moved. */
  moves: number;
  podsMoved: number;
  /** Device-hours held by moved pods during their restart delays (allocated, but doing no work). */
  migrationGpuHours: number;
}
