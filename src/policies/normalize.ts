/**
 * @module policies/normalize
 * Min–max normalisation of integer scores to [0, 100] with integer division, as kube-scheduler plugins do;
 * all scores equal → all 0.
 */
import { MAX_NODE_SCORE } from './policy.js';

export function minMaxNormalize(scores: Int32Array, count: number): void {
  if (count === 0) return;
  let lo = scores[0];
  let hi = scores[0];
  for (let i = 1; i < count; i++) {
    const s = scores[i];
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  const span = hi - lo;
  for (let i = 0; i < count; i++)
    scores[i] = span === 0 ? 0 : Math.trunc(((scores[i] - lo) * MAX_NODE_SCORE) / span);
}
