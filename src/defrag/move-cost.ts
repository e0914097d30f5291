/**
 * @module defrag/move-cost
 * Whether a running pod may move, and what moving it costs. A move restarts the pod elsewhere, so the cost counts
 * what a restart loses, in thousandths (integers, so that equal plans tie exactly):
 *
 *   cost = 1 (the move itself)
 *        + the pod's GPU share in whole devices (gpuCount × milli per device / 1000: the work a restart redoes)
 *        + its QoS class: BE / BestEffort 0, LS / Burstable / unknown 1, Guaranteed 2 (best-effort pods move
 *          first; BE and LS are the traces' names, BestEffort the Kubernetes one)
 *        + the value of its `hyperfleet.io/move-cost` annotation (a number ≥ 0, as the owner prices it).
 *
 * Never moved: DaemonSet pods (they belong to their node), pods with local storage (their data stays behind),
 * pods annotated `hyperfleet.io/movable: "false"`, and Guaranteed pods unless the caller allows them.
 */
import { ErrorCode, fieldPath, InputError } from '../errors/index.js';
import type { PlacedPod } from './placed-pod.js';

export const MOVE_COST_ANNOTATION = 'hyperfleet.io/move-cost';
export const MOVABLE_ANNOTATION = 'hyperfleet.io/movable';

/** Cost units per unit of the documented cost (costs are kept in thousandths). */
export const COST_SCALE = 1000;

export interface MoveRules {
  /** Let Guaranteed pods move (at QoS weight 2); default false. */
  readonly allowGuaranteed?: boolean;
}

export type Movability =
  | { readonly movable: true; /** In thousandths. */ readonly cost: number }
  | { readonly movable: false; readonly why: string };

const QOS_WEIGHT: Readonly<Record<string, number>> = {
  BE: 0,
  BestEffort: 0,
  LS: 1,
  Burstable: 1,
  Guaranteed: 2,
};

/**
 * Whether `pod` may move and at what cost. Throws an {@link InputError} (field `annotations["…"]`) for an
 * annotation that is not a number ≥ 0 / not `true` or `false`: callers reading user files nest it under where
 * the pod was found.
 */
export function movabilityOf(pod: PlacedPod, rules: MoveRules = {}): Movability {
  const annotations = pod.annotations ?? {};
  const movable = annotations[MOVABLE_ANNOTATION];
  if (movable !== undefined && movable !== 'true' && movable !== 'false') {
    throw annotationError(MOVABLE_ANNOTATION, '"true" or "false"', movable);
  }
  const extraText = annotations[MOVE_COST_ANNOTATION];
  const extra = extraText === undefined ? 0 : Number(extraText);
  if (extraText !== undefined && (extraText.trim() === '' || !Number.isFinite(extra) || extra < 0)) {
    throw annotationError(MOVE_COST_ANNOTATION, 'a number ≥ 0', extraText);
  }
  if (pod.ownerKind === 'DaemonSet') return { movable: false, why: 'DaemonSet-owned' };
  if (pod.localStorage === true) return { movable: false, why: 'local storage' };
  if (movable === 'false') return { movable: false, why: `${MOVABLE_ANNOTATION}: "false"` };
  const qos = pod.spec.qos ?? '';
  if (qos === 'Guaranteed' && rules.allowGuaranteed !== true)
    return { movable: false, why: 'Guaranteed QoS' };
  const share = pod.spec.gpuMilli > 0 ? pod.spec.gpuCount * pod.spec.gpuMilli : 0;
  const cost = COST_SCALE * (1 + (QOS_WEIGHT[qos] ?? 1)) + share + Math.round(extra * COST_SCALE);
  return { movable: true, cost };
}

function annotationError(name: string, expected: string, got: string): InputError {
  return new InputError(ErrorCode.InvalidField, {
    field: fieldPath(['annotations', name]),
    expected,
    got,
  });
}
