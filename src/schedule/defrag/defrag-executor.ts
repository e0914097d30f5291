/**
 * @module schedule/defrag/defrag-executor
 * Executes a defrag plan on the live cluster (issue 16, `POST /v1/defrag/{id}/execute`); the execution model is
 * documented for users in docs/api.md#executing-a-plan.
 *
 * 1. Checks: the plan is known, feasible, not executed yet, a cluster is connected (an evictor), and the plan
 *    still applies to the live state — a plan made against a state that has since changed is refused as stale
 *    (never silently re-planned: the caller asks for a new dry run and sees what it would do).
 * 2. Reservation first: the devices every step needs — each move's destination, then each pending pod's target —
 *    are held (schedule/defrag/defrag-holds) as soon as they are free: those free now at once, the others the
 *    moment an earlier step's pod leaves them (synchronously, in the live scheduler's release, so no other pod can
 *    take them in between).
 * 3. Step by step: evict the pod through the Eviction API (PodDisruptionBudgets are honoured: a refusal, e.g. 429,
 *    fails the step), then wait until the pod is gone and its replacement is bound on the held devices
 *    (kube-scheduler asks the extender; filter steers it there). Then the pending pods, last, on their targets.
 * 4. A failure (eviction refused, replacement not bound within the step timeout, destination not free) stops the
 *    execution: the remaining steps are cancelled and every hold is released; moves already done stay done (the
 *    answer says which).
 *
 * Progress is written to the store after each change. Holds live in memory only, so a restart cannot leak one:
 * an execution the restart interrupted is marked `aborted` at start (its completed moves stay done), never
 * resumed — the fleet has moved on in the meantime, and a new dry run sees it as it is.
 */
import { applyPlan, type NodeDevices, type PlacedPod, podId } from '../../defrag/index.js';
import { type Outcome, refuse } from '../../errors/index.js';
import type { PodSpec } from '../../model/index.js';
import type { LiveScheduler } from '../live-scheduler.js';
import { type DefragHold, holdMatches, type HoldMatch, replacementMatch } from './defrag-holds.js';
import type { LiveDefragPlan } from './live-defrag.js';
import { liveRunningPods } from './live-running-pods.js';

/** Evicts a pod through the Kubernetes Eviction API; throws (with the API server's answer) when refused. */
export interface Evictor {
  evict(namespace: string, name: string): Promise<void>;
}

export type ExecutionStatus = 'executing' | 'done' | 'failed' | 'aborted';
export type StepStatus = 'pending' | 'evicting' | 'waiting' | 'done' | 'failed' | 'cancelled';

export interface ExecutionStep {
  /** `move`: a running pod to its destination; `pending`: a pending pod onto its target. */
  readonly kind: 'move' | 'pending';
  readonly namespace?: string;
  readonly name?: string;
  readonly from?: NodeDevices;
  readonly to: NodeDevices;
  status: StepStatus;
  /** namespace/name of the pod bound on `to`, once it is. */
  bound?: string;
  error?: string;
}

export interface DefragExecution {
  readonly id: string;
  status: ExecutionStatus;
  readonly startedAt: number;
  finishedAt?: number;
  reason?: string;
  readonly steps: ExecutionStep[];
}

/** What the executor reports for /metrics. */
export interface DefragCounters {
  executed(): void;
  moveDone(): void;
  failed(): void;
  gpusFreed(gpus: number): void;
}

export interface DefragExecutorOptions {
  /** Evicts pods (a cluster connection); without it execution is refused. */
  readonly evictor?: Evictor;
  /** How long one step may take: eviction, and its replacement bound (default 120 s). */
  readonly stepTimeoutMs?: number;
  /** How often a waiting step looks again (default 100 ms). */
  readonly pollMs?: number;
  readonly counters?: DefragCounters;
  readonly now?: () => number;
}

interface Wanted {
  readonly hold: DefragHold;
  readonly step: number;
}

export class DefragExecutor {
  private readonly executions = new Map<string, DefragExecution>();
  private readonly wanted = new Map<string, Wanted[]>();
  /** Each execution's holds by step (kept after they are taken: they say which pod each step waits for). */
  private readonly holds = new Map<string, DefragHold[]>();
  private stopped = false;
  private readonly unlisten: () => void;

  constructor(
    private readonly live: LiveScheduler,
    private readonly options: DefragExecutorOptions = {},
  ) {
    // Executions a restart interrupted: their holds died with the process; mark them and say so.
    for (const row of live.loadDefragPlans()) {
      const exec = row.progress as DefragExecution;
      if (exec.status === 'executing') {
        exec.status = 'aborted';
        exec.reason =
          'the service restarted during the execution: the remaining steps were not run and its reservations ' +
          'are gone (they are kept in memory only); moves already done stay done';
        for (const s of exec.steps) if (s.status !== 'done') s.status = 'cancelled';
        live.saveDefragPlan({ ...row, status: exec.status, progress: exec });
      }
      this.executions.set(row.id, exec);
    }
    this.unlisten = live.onPodReleased(() => this.acquireWanted());
  }

  /** An execution by plan id. */
  get(id: string): DefragExecution | undefined {
    return this.executions.get(id);
  }

  /** Stops waiting (the service is closing); executions in progress stay `executing` in the store. */
  stop(): void {
    this.stopped = true;
    this.unlisten();
  }

  /** Starts executing `plan`; refused (nothing changed) when it cannot start. The steps run in the background. */
  start(plan: LiveDefragPlan): Outcome<{ readonly execution: DefragExecution }> {
    if (this.executions.has(plan.id))
      return refuse('conflict', `plan ${plan.id} was executed already (GET /v1/defrag/${plan.id})`);
    if (!plan.feasible) return refuse('conflict', `plan ${plan.id} is not feasible: ${plan.reason ?? ''}`);
    if (!this.options.evictor) {
      return refuse(
        'conflict',
        'executing a plan needs a cluster to evict pods in: start hyperfleet serve with --kubeconfig',
      );
    }
    const { state, pods } = liveRunningPods(this.live);
    const applied = applyPlan(state, pods, plan.pending, plan);
    if (!applied.ok) {
      return refuse(
        'conflict',
        `plan ${plan.id} is stale: the fleet changed since it was made (${applied.problem}); ask POST /v1/defrag again`,
      );
    }
    const byId = new Map(pods.map((p) => [podId(p), p]));
    const steps = planSteps(plan);
    const exec: DefragExecution = { id: plan.id, status: 'executing', startedAt: this.now(), steps };
    const wanted = steps.map((s, i): Wanted => {
      const moved = s.kind === 'move' ? byId.get(`${s.namespace}/${s.name}`)! : undefined;
      const g = i - plan.moves.length;
      return { step: i, hold: this.holdFor(plan, i, s, moved, plan.pending[g], plan.pendingPods[g]) };
    });
    this.executions.set(plan.id, exec);
    this.wanted.set(plan.id, wanted);
    this.holds.set(
      plan.id,
      wanted.map((w) => w.hold),
    );
    this.persist(exec, plan);
    this.acquireWanted();
    this.options.counters?.executed();
    void this.run(exec, plan);
    return { ok: true, execution: exec };
  }

  private holdFor(
    plan: LiveDefragPlan,
    i: number,
    step: ExecutionStep,
    moved: PlacedPod | undefined,
    pendingSpec: PodSpec | undefined,
    pendingPod: { namespace: string; name: string } | undefined,
  ): DefragHold {
    const match: HoldMatch = moved
      ? replacementMatch(moved.namespace, moved.name, moved.ownerKind)
      : (pendingPod ?? {});
    const spec = moved ? moved.spec : pendingSpec!;
    return {
      key: `${plan.id}/${i + 1}`,
      planId: plan.id,
      node: step.to.node,
      devices: step.to.devices,
      spec,
      match,
    };
  }

  /** Holds every wanted device set that is free now, in step order (a later one never jumps an earlier one). */
  private acquireWanted(): void {
    for (const list of this.wanted.values()) {
      while (list.length > 0 && this.live.holdForDefrag(list[0].hold).ok) list.shift();
    }
  }

  private async run(exec: DefragExecution, plan: LiveDefragPlan): Promise<void> {
    try {
      for (const [i, step] of exec.steps.entries()) {
        if (this.stopped) return;
        if ((this.wanted.get(exec.id) ?? []).some((w) => w.step === i)) {
          throw new StepFailure(i, `the devices of ${describe(step.to)} are not free`);
        }
        if (step.kind === 'move') await this.move(exec, plan, i, step);
        else await this.awaitBound(exec, plan, i, step, undefined);
      }
      exec.status = 'done';
      const gpus = plan.targets.reduce(
        (s, t, g) => s + (t.devices.length * plan.pending[g].gpuMilli) / 1000,
        0,
      );
      this.options.counters?.gpusFreed(gpus);
    } catch (e) {
      if (!(e instanceof StepFailure)) throw e;
      exec.status = 'failed';
      const done = exec.steps.filter((s) => s.kind === 'move' && s.status === 'done').length;
      exec.reason = `step ${e.step + 1}: ${e.message}; the remaining steps were cancelled and every reservation released; ${done} move${done === 1 ? '' : 's'} already done stay done`;
      exec.steps[e.step].status = 'failed';
      exec.steps[e.step].error = e.message;
      for (const s of exec.steps.slice(e.step + 1)) s.status = 'cancelled';
      this.options.counters?.failed();
    } finally {
      if (!this.stopped) {
        this.wanted.delete(exec.id);
        this.holds.delete(exec.id);
        this.live.releaseDefragHolds(exec.id);
        exec.finishedAt = this.now();
        this.persist(exec, plan);
      }
    }
  }

  private async move(
    exec: DefragExecution,
    plan: LiveDefragPlan,
    i: number,
    step: ExecutionStep,
  ): Promise<void> {
    const { namespace, name } = step as Required<ExecutionStep>;
    const original = this.live.listPlacements().find((p) => p.namespace === namespace && p.name === name);
    step.status = 'evicting';
    this.persist(exec, plan);
    try {
      await withTimeout(this.options.evictor!.evict(namespace, name), this.stepTimeoutMs);
    } catch (e) {
      throw new StepFailure(i, `eviction of ${namespace}/${name} refused: ${(e as Error).message}`);
    }
    await this.awaitBound(exec, plan, i, step, original?.uid);
    this.options.counters?.moveDone();
  }

  /** Waits until the pod the step's hold expects is bound on its devices (and the moved one is gone). */
  private async awaitBound(
    exec: DefragExecution,
    plan: LiveDefragPlan,
    i: number,
    step: ExecutionStep,
    originalUid: string | undefined,
  ): Promise<void> {
    step.status = 'waiting';
    this.persist(exec, plan);
    const hold = this.holds.get(exec.id)![i];
    const end = this.now() + this.stepTimeoutMs;
    for (;;) {
      if (this.stopped) return;
      const here = this.live
        .listPlacements()
        .find(
          (p) =>
            p.uid !== originalUid &&
            p.node === step.to.node &&
            sameDevices(p.devices, step.to.devices) &&
            holdMatches(hold, p, { ...hold.spec, cpuMilli: p.cpuMilli, memMiB: p.memMiB }) &&
            !this.live.listDefragHolds().some((h) => h.key === hold.key),
        );
      const gone = originalUid === undefined || this.live.placementOf(originalUid) === undefined;
      if (here && gone) {
        step.status = 'done';
        step.bound = `${here.namespace}/${here.name}`;
        this.persist(exec, plan);
        return;
      }
      if (this.now() > end) {
        const what =
          step.kind === 'move' ? `the replacement of ${step.namespace}/${step.name}` : 'the pending pod';
        throw new StepFailure(
          i,
          `${what} was not bound on ${describe(step.to)} within ${this.stepTimeoutMs / 1000} s`,
        );
      }
      await new Promise((r) => setTimeout(r, this.options.pollMs ?? 100));
    }
  }

  private get stepTimeoutMs(): number {
    return this.options.stepTimeoutMs ?? 120_000;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private persist(exec: DefragExecution, plan: LiveDefragPlan): void {
    if (this.stopped) return;
    this.live.saveDefragPlan({
      id: exec.id,
      createdAt: plan.createdAt,
      status: exec.status,
      plan,
      progress: exec,
    });
  }
}

/** A plan's steps, none started: its moves in order, then its pending pods. */
export function planSteps(plan: Pick<LiveDefragPlan, 'moves' | 'targets'>): ExecutionStep[] {
  return [
    ...plan.moves.map((m) => ({
      kind: 'move' as const,
      namespace: m.namespace,
      name: m.name,
      from: m.from,
      to: m.to,
      status: 'pending' as StepStatus,
    })),
    ...plan.targets.map((t) => ({ kind: 'pending' as const, to: t, status: 'pending' as StepStatus })),
  ];
}

class StepFailure extends Error {
  constructor(
    readonly step: number,
    message: string,
  ) {
    super(message);
  }
}

function describe(at: NodeDevices): string {
  return `${at.node} [${at.devices.join(',')}]`;
}

function sameDevices(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
