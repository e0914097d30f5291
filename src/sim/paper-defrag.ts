/**
 * @module sim/paper-defrag
 * The paper protocol's opt-in defrag variant (issue 16): when the policy places a pod nowhere, the defrag planner
 * is asked for a plan of at most k moves on the current state; if there is one, its moves are applied (in this
 * protocol a migration is instant: the moved pod simply holds its new devices) and the pod takes its planned
 * devices, else it is counted failed as in the paper. Pods the empty fleet could not hold are never planned for.
 *
 * A proof stays true while no pod leaves: when the planner proves that no plan of k moves exists for a request,
 * the same request is not planned for again until a pod moves (the state's release count changes). Only pods
 * arrive in between, and a plan on the fuller state, without the moves of the pods that arrived, would work on the
 * earlier state (every step there has at least as much room) — so none exists. This skips most plans past 100 %.
 *
 * The moved pods are placed by the run's own policy (a separate instance, so the scheduler's memos see only the
 * states it scores). The planner is deterministic and bounded by work units, not time, so the same inputs and seed
 * give the same run. The variant is a new series (`06-FGD+defrag≤2`): the paper's series never go through here.
 */
import * as zm from 'zod/mini';
import {
  COST_SCALE,
  DEFAULT_WORK_LIMIT,
  type DefragOptions,
  type DefragPlan,
  MAX_MOVES_LIMIT,
  type PlacedPod,
  planDefrag,
  podId,
} from '../defrag/index.js';
import { type ClusterState, type PodSpec, resourceKey } from '../model/index.js';
import type { Policy } from '../policies/index.js';
import { quantileSorted } from '../stats/index.js';
import { boundedNumber } from './option-bounds.js';

/** Moves a plan may have in the variant: at least one (zero is the paper's protocol itself). */
export const DefragMoves = boundedNumber(`a whole number from 1 to ${MAX_MOVES_LIMIT}`, {
  int: true,
  min: 1,
  max: MAX_MOVES_LIMIT,
});

/** Most planner work units per failed pod one may allow (a plan past this takes minutes on this hardware). */
export const MAX_DEFRAG_WORK_LIMIT = 100_000_000;
export const DefragWorkLimit = boundedNumber(`a whole number from 1 to ${MAX_DEFRAG_WORK_LIMIT}`, {
  int: true,
  min: 1,
  max: MAX_DEFRAG_WORK_LIMIT,
});

/** The variant's settings (the CLI's `--defrag-moves` and `--defrag-work-limit`). */
export const PaperDefragOptions = zm.object({
  maxMoves: DefragMoves,
  workLimit: zm.optional(DefragWorkLimit),
});
export type PaperDefragOptions = zm.output<typeof PaperDefragOptions>;

/** What the variant did over one run. */
export interface PaperDefragStats {
  readonly maxMoves: number;
  readonly workLimit: number;
  /** Pods the policy placed nowhere but an empty fleet could hold: the pods a plan was asked for. */
  readonly planned: number;
  /** Of those, the pods placed after their plan's moves. */
  readonly placedByPlan: number;
  /** Moves applied, over all plans. */
  readonly moves: number;
  /** Σ of the applied plans' costs (defrag/move-cost units). */
  readonly moveCost: number;
  /** Plans that found nothing without proving that nothing exists (the work limit, or the search beyond 2 moves). */
  readonly unproven: number;
  /** Planned pods answered by an earlier proof for the same request (no pod left since): the planner did not run. */
  readonly provenBefore: number;
  /** Planner time per plan the planner ran, in ms, in submission order (wall clock: the one part that varies). */
  readonly planMs: readonly number[];
}

/** Where a pod went once its plan's moves were applied, and the nodes the plan changed. */
export interface PlannedPlacement {
  readonly node: number;
  readonly devices: readonly number[];
  /** Every node whose pods changed (moves' sources and destinations, and the pod's node), in first-seen order. */
  readonly changed: readonly number[];
  readonly plan: DefragPlan;
}

/** Namespace the protocol's pods get as the planner's running pods (their trace names are unique within it). */
const NAMESPACE = 'paper';

/** The series name of a policy's variant: `06-FGD` → `06-FGD+defrag≤2`. */
export function defragSeriesLabel(label: string, maxMoves: number): string {
  return `${label}+defrag≤${maxMoves}`;
}

/** Keeps the running pods the planner needs beside the protocol's state, and applies the plans it finds. */
export class PaperDefragmenter {
  private readonly running: PlacedPod[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly nodeIndex: Map<string, number>;
  private readonly options: DefragOptions;
  private readonly workLimit: number;
  private readonly planMs: number[] = [];
  private planned = 0;
  private placedByPlan = 0;
  private moves = 0;
  /** In the planner's thousandths, so that the sum does not depend on float rounding. */
  private costMilli = 0;
  private unproven = 0;
  private provenBefore = 0;
  /** Per request (resources and memory): the state's release count when no plan was proven to exist. */
  private readonly impossibleAt = new Map<string, number>();

  /** `state` is the protocol's (changed by {@link tryPlace}); `policy` an instance of the run's policy of its own. */
  constructor(
    private readonly state: ClusterState,
    policy: Policy,
    settings: PaperDefragOptions,
  ) {
    this.nodeIndex = new Map(state.nodes.map((n, i) => [n.name, i]));
    this.workLimit = settings.workLimit ?? DEFAULT_WORK_LIMIT;
    this.options = { maxMoves: settings.maxMoves, policy, workLimit: this.workLimit };
  }

  /** Records a pod the protocol placed (already assumed on the state). */
  placed(pod: PodSpec, node: number, devices: readonly number[]): void {
    const entry: PlacedPod = { namespace: NAMESPACE, name: pod.name, node, devices: [...devices], spec: pod };
    this.slotOf.set(podId(entry), this.running.length);
    this.running.push(entry);
  }

  /**
   * For a pod the policy placed nowhere (but an empty fleet could hold): a plan of at most k moves; when there is
   * one, its moves are applied to the state and the pod is placed and recorded. Undefined when there is none.
   */
  tryPlace(pod: PodSpec): PlannedPlacement | undefined {
    this.planned++;
    const request = `${resourceKey(pod)}/${pod.memMiB}`;
    if (this.impossibleAt.get(request) === this.state.releaseCount) {
      this.provenBefore++;
      return undefined;
    }
    const t0 = performance.now();
    const plan = planDefrag(this.state, this.running, pod, this.options);
    this.planMs.push(performance.now() - t0);
    if (!plan.feasible) {
      if (plan.exhaustive) this.impossibleAt.set(request, this.state.releaseCount);
      else this.unproven++;
      return undefined;
    }
    const changed = new Set<number>();
    for (const move of plan.moves) {
      const slot = this.slotOf.get(`${move.namespace}/${move.name}`)!;
      const was = this.running[slot];
      const to = this.nodeIndex.get(move.to.node)!;
      this.state.forget(was.node, was.spec, was.devices);
      this.state.assume(to, was.spec, move.to.devices);
      this.running[slot] = { ...was, node: to, devices: [...move.to.devices] };
      changed.add(was.node).add(to);
      this.costMilli += Math.round(move.cost * COST_SCALE);
    }
    const target = plan.targets[0];
    const node = this.nodeIndex.get(target.node)!;
    this.state.assume(node, pod, target.devices);
    this.placed(pod, node, target.devices);
    changed.add(node);
    this.placedByPlan++;
    this.moves += plan.moves.length;
    return { node, devices: target.devices, changed: [...changed], plan };
  }

  stats(): PaperDefragStats {
    return {
      maxMoves: this.options.maxMoves!,
      workLimit: this.workLimit,
      planned: this.planned,
      placedByPlan: this.placedByPlan,
      moves: this.moves,
      moveCost: this.costMilli / COST_SCALE,
      unproven: this.unproven,
      provenBefore: this.provenBefore,
      planMs: this.planMs,
    };
  }
}

/** What a run's result says of the variant: its series name and {@link PaperDefragStats}, times as quantiles. */
export interface PaperDefragSummary extends Omit<PaperDefragStats, 'planMs'> {
  /** The series' name in the CSVs and the report, e.g. `06-FGD+defrag≤2`. */
  readonly series: string;
  /** Planner time per plan the planner ran (ms, 0.01 precision): median, 99th percentile, most. */
  readonly planMsP50: number;
  readonly planMsP99: number;
  readonly planMsMax: number;
}

export function defragSummary(label: string, stats: PaperDefragStats): PaperDefragSummary {
  const { planMs, ...counts } = stats;
  const sorted = Float64Array.from(planMs).sort();
  const ms = (v: number) => (Number.isNaN(v) ? 0 : Math.round(v * 100) / 100);
  return {
    series: defragSeriesLabel(label, stats.maxMoves),
    ...counts,
    planMsP50: ms(quantileSorted(sorted, 0.5)),
    planMsP99: ms(quantileSorted(sorted, 0.99)),
    planMsMax: ms(sorted.length > 0 ? sorted[sorted.length - 1] : 0),
  };
}
