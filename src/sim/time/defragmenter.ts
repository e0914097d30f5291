/**
 * @module sim/time/defragmenter
 * The time simulator's defragmenter (issue 16): when a pod fits nowhere, ask the planner (defrag) for the cheapest
 * moves after which it fits, and carry them out. The planner sees the running pods exactly as the cluster holds
 * them, with its own rules (Guaranteed pods, and pods annotated not movable, never move); a pod moved less than
 * the cool-down ago is passed as not movable, so one pod moves at most once per cool-down (default an hour, never
 * less than the migration cost).
 *
 * Restart model: a moved pod is evicted and restarts on its planned devices. It holds them from the move on, for
 * the migration cost (its restart delay: allocated, doing no work) plus the run time it had left, rescaled by the
 * speeds of the old and new devices (remaining work is conserved). Its old devices are free at once; its departure
 * is pushed back by the migration cost (its earlier departure goes stale). The pending pod starts at once on its
 * target. Queueing delay keeps the first start of a moved pod; its completion time carries the delay.
 *
 * Cost control: a plan is bounded in moves and work (defrag-settings); an answer "no plan" for a request is
 * remembered until the fleet changes (or a resting pod may move again), so a queue of like pods costs one plan.
 */
import { DEFAULT_MAX_MOVES, MOVABLE_ANNOTATION, type PlacedPod, planDefrag } from '../../defrag/index.js';
import { MILLI_PER_DEVICE, type NodeSpec, type PodSpec } from '../../model/index.js';
import type { Policy } from '../../policies/index.js';
import { DefragTick } from './defrag-tick.js';
import {
  DEFAULT_MOVE_COOLDOWN_SEC,
  type DefragFigures,
  SIM_DEFRAG_WORK_LIMIT,
  type TimeDefragSettings,
} from './defrag-settings.js';
import { moveRun, startRun } from './placement.js';
import type { SimEvent } from './sim-event.js';
import type { TimeSimState } from './time-sim-state.js';

/** Namespace of the simulated pods as the planner names them (`sim/<pod index>`). */
const NAMESPACE = 'sim';
const RESTING: Readonly<Record<string, string>> = Object.freeze({ [MOVABLE_ANNOTATION]: 'false' });
const SEC_PER_HOUR = 3600;

export class Defragmenter {
  readonly settings: TimeDefragSettings;
  private readonly maxMoves: number;
  private readonly workLimit: number;
  private readonly cooldownSec: number;
  private readonly nodeIndex: Map<string, number>;
  /** Pods running now, in the order they started (the planner's pod list). */
  private readonly running = new Set<number>();
  /** When each pod last moved (−Infinity: never). */
  private readonly movedAt: Float64Array;
  private readonly everMoved: Uint8Array;
  /** Requests the planner found no plan for, at the fleet's change position `failedAt`: until when it holds. */
  private readonly failed = new Map<string, number>();
  private failedAt = -1;
  /** Pods a plan moved whose departure must be scheduled anew. */
  private rescheduled: number[] = [];
  /** Time of the latest periodic pass scheduled (−Infinity: none). */
  private tickAt = -Infinity;
  private plansTried = 0;
  private plansApplied = 0;
  private plansUnproven = 0;
  private moves = 0;
  private podsMoved = 0;
  private migrationMilliSec = 0;

  private readonly policy: Policy;

  /** `policy`: an instance of the run's policy of its own, which places the moved pods. */
  constructor(settings: TimeDefragSettings, nodes: readonly NodeSpec[], podCount: number, policy: Policy) {
    this.policy = policy;
    this.settings = settings;
    this.maxMoves = settings.maxMoves ?? DEFAULT_MAX_MOVES;
    this.workLimit = settings.workLimit ?? SIM_DEFRAG_WORK_LIMIT;
    this.cooldownSec = Math.max(settings.cooldownSec ?? DEFAULT_MOVE_COOLDOWN_SEC, settings.migrationCostSec);
    this.nodeIndex = new Map(nodes.map((n, i) => [n.name, i]));
    this.movedAt = new Float64Array(podCount).fill(-Infinity);
    this.everMoved = new Uint8Array(podCount);
  }

  /** Whether an arriving pod that fits nowhere gets a plan at once. */
  get onPending(): boolean {
    return this.settings.trigger.kind === 'on-pending';
  }

  /** Pod `i` started a run (placement calls this). */
  started(i: number): void {
    this.running.add(i);
  }

  /** Pod `i`'s run ended (placement calls this). */
  ended(i: number): void {
    this.running.delete(i);
  }

  /**
   * Plans for waiting pod `i` (which fits nowhere now) and, when a plan exists, moves its pods and starts `i` on
   * its target; returns whether it started. The moved pods are then in {@link takeRescheduled}.
   */
  tryPlan(sim: TimeSimState, i: number): boolean {
    const variants = sim.variantsOf(i);
    if (typeof variants === 'string') return false;
    const position = sim.cluster.changes.position;
    if (position !== this.failedAt) {
      this.failed.clear();
      this.failedAt = position;
    }
    const key = variants.map(requestKey).join(';');
    if ((this.failed.get(key) ?? -Infinity) > sim.now) return false;
    const { pods, restingUntil } = this.runningPods(sim);
    this.plansTried++;
    let best: { spec: PodSpec; plan: ReturnType<typeof planDefrag> } | null = null;
    let unproven = false;
    for (const spec of variants) {
      const plan = planDefrag(sim.cluster, pods, spec, {
        maxMoves: this.maxMoves,
        workLimit: this.workLimit,
        policy: this.policy,
      });
      if (!plan.feasible) unproven ||= !plan.exhaustive;
      else if (best === null || plan.cost < best.plan.cost) best = { spec, plan };
    }
    if (best === null) {
      if (unproven) this.plansUnproven++;
      this.failed.set(key, restingUntil);
      return false;
    }
    const restart = this.settings.migrationCostSec;
    for (const move of best.plan.moves) {
      const r = Number(move.name);
      const end = sim.runs.runEnd[r];
      moveRun(sim, r, this.nodeIndex.get(move.to.node)!, move.to.devices, restart);
      if (sim.runs.runEnd[r] !== end) this.rescheduled.push(r);
      this.movedAt[r] = sim.now;
      if (this.everMoved[r] === 0) this.podsMoved++;
      this.everMoved[r] = 1;
      this.moves++;
      const spec = sim.runs.spec[r]!;
      this.migrationMilliSec += spec.gpuCount * spec.gpuMilli * restart;
    }
    const target = best.plan.target!;
    startRun(sim, i, best.spec, this.nodeIndex.get(target.node)!, [...target.devices]);
    this.plansApplied++;
    return true;
  }

  /** The pods moved since the last call, whose departures must be scheduled at their new run end. */
  takeRescheduled(): number[] {
    const moved = this.rescheduled;
    this.rescheduled = [];
    return moved;
  }

  /**
   * The periodic pass to schedule now, if any: with `periodic:D`, when pods wait and no pass is due yet, the next
   * multiple of D after now.
   */
  tickFollowUp(sim: TimeSimState): SimEvent | null {
    const { trigger } = this.settings;
    if (trigger.kind !== 'periodic' || sim.waiting.size === 0 || this.tickAt > sim.now) return null;
    this.tickAt = (Math.floor(sim.now / trigger.everySec) + 1) * trigger.everySec;
    return new DefragTick(this.tickAt, 0);
  }

  figures(): DefragFigures {
    const { trigger, migrationCostSec } = this.settings;
    return {
      trigger: trigger.kind === 'periodic' ? `periodic:${trigger.everySec}s` : 'on-pending',
      migrationCostSec,
      maxMoves: this.maxMoves,
      workLimit: this.workLimit,
      cooldownSec: this.cooldownSec,
      plansTried: this.plansTried,
      plansApplied: this.plansApplied,
      plansUnproven: this.plansUnproven,
      moves: this.moves,
      podsMoved: this.podsMoved,
      migrationGpuHours: this.migrationMilliSec / MILLI_PER_DEVICE / SEC_PER_HOUR,
    };
  }

  /** The running pods as the planner sees them, and when the first resting pod may move again. */
  private runningPods(sim: TimeSimState): { pods: PlacedPod[]; restingUntil: number } {
    const { runs } = sim;
    const pods: PlacedPod[] = [];
    let restingUntil = Infinity;
    for (const r of this.running) {
      const free = this.movedAt[r] + this.cooldownSec;
      const resting = free > sim.now;
      if (resting) restingUntil = Math.min(restingUntil, free);
      pods.push({
        namespace: NAMESPACE,
        name: String(r),
        node: runs.node[r],
        devices: runs.devices[r]!,
        spec: runs.spec[r]!,
        ...(resting ? { annotations: RESTING } : {}),
      });
    }
    return { pods, restingUntil };
  }
}

/** What decides whether a request can be planned for: its resources and the models it accepts. */
function requestKey(spec: PodSpec): string {
  return `${spec.cpuMilli}/${spec.memMiB}/${spec.gpuCount}/${spec.gpuMilli}/${spec.gpuTypes.join('|')}`;
}
