/**
 * @module server/simulations/paper-summary
 * A paper run's summary per policy: means over seeds of the figures the paper reports (allocation at 100 % and
 * 130 % of capacity, fragmentation at 100 %), the mean curves, and the paper's published means beside them.
 */
import { paperLabel, type PaperPolicyName } from '../../policies/index.js';
import { type GridResult, publishedMeans } from '../../sim/index.js';
import type { PaperPolicySummary } from '../api/index.js';

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
}

/** Pointwise mean of equally long curves. */
function meanCurve(curves: readonly (readonly number[])[]): number[] {
  if (curves.length === 1) return [...curves[0]];
  return (curves[0] ?? []).map((_, i) => mean(curves.map((c) => c[i])));
}

export function summarizePaper(
  workloadLabel: string,
  policies: readonly PaperPolicyName[],
  runs: readonly GridResult[],
  synthetic: boolean,
): PaperPolicySummary[] {
  const published = synthetic ? undefined : publishedMeans()[workloadLabel];
  return policies.map((policy) => {
    const mine = runs.filter((r) => r.policy === policy);
    const paper = published?.[paperLabel(policy)];
    return {
      policy,
      label: paperLabel(policy),
      seeds: mine.length,
      allocationAt100: mean(mine.map((r) => r.allocation[100])),
      allocationAt130: mean(mine.map((r) => r.allocation[130])),
      fragAmountAt100: mean(mine.map((r) => r.fragAmount[100])),
      fragRatioAt100: mean(mine.map((r) => r.fragRatio[100])),
      failedPods: mean(mine.map((r) => r.failedPods)),
      curves: {
        allocation: meanCurve(mine.map((r) => r.allocation)),
        fragAmount: meanCurve(mine.map((r) => r.fragAmount)),
        fragRatio: meanCurve(mine.map((r) => r.fragRatio)),
      },
      ...(paper ? { paperAt100: paper.at100, paperAt130: paper.at130 } : {}),
    };
  });
}
