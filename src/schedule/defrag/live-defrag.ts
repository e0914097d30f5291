/**
 * @module schedule/defrag/live-defrag
 * Defragmentation in the live service (issue 16): the dry run of `POST /v1/defrag` — the planner (defrag/) on the
 * live state (nodes, confirmed placements, reservations held: schedule/defrag/live-running-pods), with the
 * fragmentation before and after — and the plans it answered, kept by id so that one can be executed.
 *
 * A dry run changes nothing. Its plans are kept in memory, the most recent {@link KEPT_DRY_RUNS}; a plan becomes
 * durable (the store) only when its execution starts.
 */
import { randomUUID } from 'node:crypto';
import {
  type DefragPlan,
  DEFAULT_MAX_MOVES,
  type PlanFragmentation,
  planDefrag,
  planFragmentation,
} from '../../defrag/index.js';
import type { PodSpec } from '../../model/index.js';
import type { LiveScheduler } from '../live-scheduler.js';
import { liveRunningPods } from './live-running-pods.js';

/** Dry-run plans kept for execution; older ones are forgotten (execute then answers not-found). */
export const KEPT_DRY_RUNS = 64;

export interface DefragRequest {
  /** The pending pod, or every pod of a gang (in order). */
  readonly pending: readonly PodSpec[];
  /** Each pending pod's namespace/name when it was given as a Kubernetes pod (recognised by it at execution). */
  readonly pendingPods?: readonly ({ readonly namespace: string; readonly name: string } | undefined)[];
  readonly maxMoves?: number;
  /** Let pods of QoS Guaranteed move too. */
  readonly allowGuaranteed?: boolean;
}

/** A dry run's answer: the planner's plan with its id and the fragmentation it changes. */
export interface LiveDefragPlan extends DefragPlan {
  readonly id: string;
  /** Unix ms when planned. */
  readonly createdAt: number;
  readonly fragmentation: PlanFragmentation | null;
  /** The request, to check the plan again at execution. */
  readonly pending: readonly PodSpec[];
  readonly pendingPods: readonly ({ readonly namespace: string; readonly name: string } | undefined)[];
}

export class LiveDefrag {
  private readonly dryRuns = new Map<string, LiveDefragPlan>();

  constructor(
    private readonly live: LiveScheduler,
    private readonly now: () => number = Date.now,
  ) {}

  /** Plans on the live state, changing nothing; throws the planner's InputError for a bad `maxMoves`. */
  plan(request: DefragRequest): LiveDefragPlan {
    const { state, pods } = liveRunningPods(this.live);
    const plan = planDefrag(state, pods, request.pending, {
      maxMoves: request.maxMoves ?? DEFAULT_MAX_MOVES,
      allowGuaranteed: request.allowGuaranteed === true,
    });
    const answer: LiveDefragPlan = {
      id: randomUUID(),
      createdAt: this.now(),
      ...plan,
      fragmentation: planFragmentation(state, pods, request.pending, plan),
      pending: request.pending,
      pendingPods: request.pendingPods ?? [],
    };
    this.dryRuns.set(answer.id, answer);
    for (const id of this.dryRuns.keys()) {
      if (this.dryRuns.size <= KEPT_DRY_RUNS) break;
      this.dryRuns.delete(id);
    }
    return answer;
  }

  /** A dry run's plan by id, while it is kept. */
  dryRun(id: string): LiveDefragPlan | undefined {
    return this.dryRuns.get(id);
  }
}
