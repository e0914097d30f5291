/**
 * @module defrag/plan-fragmentation
 * What a plan changes in fragmentation, as `hyperfleet defrag` and `POST /v1/defrag` report it: FGD's measure
 * (defrag/fragmentation) before the moves and after them (with the pending pods on their targets), against the
 * typical set of the workload at hand — the running and the pending pods, since neither caller has a target
 * workload of its own.
 */
import type { ClusterState, PodSpec } from '../model/index.js';
import { typicalPods } from '../policies/index.js';
import { applyPlan } from './apply-plan.js';
import type { DefragPlan } from './defrag-plan.js';
import { fragmentedGpus } from './fragmentation.js';
import type { PlacedPod } from './placed-pod.js';

export interface PlanFragmentation {
  /** What the typical set was drawn from. */
  readonly typicalFrom: string;
  /** Fragmented GPUs now (3 decimals). */
  readonly beforeGpus: number;
  /** Fragmented GPUs after the plan; null without a feasible plan. */
  readonly afterGpus: number | null;
}

/**
 * Fragmentation on `state` (holding `pods`) before and after `plan` for `pending`; null when no pod asks for a
 * device (nothing to measure against). Throws a plain Error when a feasible plan does not apply: the planner's
 * plans pass that check (property tests), so a failure is a bug, not bad input.
 */
export function planFragmentation(
  state: ClusterState,
  pods: readonly PlacedPod[],
  pending: readonly PodSpec[],
  plan: DefragPlan,
): PlanFragmentation | null {
  const applied = plan.feasible ? applyPlan(state, pods, pending, plan) : null;
  if (applied && !applied.ok) throw new Error(`the plan does not apply: ${applied.problem}`);
  const after = applied?.ok ? applied.state : null;
  const specs = [...pods.map((p) => p.spec), ...pending];
  if (!specs.some((s) => s.gpuCount > 0 && s.gpuMilli > 0)) return null;
  const typical = typicalPods(specs);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    typicalFrom: 'the running and pending pods',
    beforeGpus: round(fragmentedGpus(state, typical)),
    afterGpus: after ? round(fragmentedGpus(after, typical)) : null,
  };
}
