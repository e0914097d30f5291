/**
 * @module sim/paper-run
 * One paper-protocol experiment with its published measures: the result object the CLI prints as JSON, the
 * grid writes as CSV rows, and the report plots.
 */
import type { NodeSpec, PodSpec, PodTable } from '../model/index.js';
import { paperLabel, type PolicyName, type TypicalPods } from '../policies/index.js';
import { defragSummary, type PaperDefragOptions, type PaperDefragSummary } from './paper-defrag.js';
import { runPaperExperiment } from './paper-experiment.js';
import { paperSeries } from './paper-series.js';

export interface PaperRunResult {
  readonly policy: PolicyName;
  readonly seed: number;
  readonly tune: number;
  readonly totalGpus: number;
  /** Pods submitted after tuning. */
  readonly pods: number;
  readonly placedPods: number;
  readonly failedPods: number;
  /** Failed pods that fit no node even on the empty cluster. */
  readonly neverFitPods: number;
  /** Index = arrived workload in % of GPU capacity (0..130): GPU allocation in % of capacity. */
  readonly allocation: number[];
  /** Fragmented GPU capacity in % of cluster capacity (FGD's measure). */
  readonly fragAmount: number[];
  /** Fragmented / idle GPU capacity in %. */
  readonly fragRatio: number[];
  readonly elapsedMs: number;
}

/**
 * A run that may be of the opt-in defrag variant (a series of its own, see sim/paper-defrag). Kept apart from
 * {@link PaperRunResult}, the paper's result, whose shape the REST API mirrors.
 */
export interface PaperVariantRunResult extends PaperRunResult {
  /** Only for the defrag variant. */
  readonly defrag?: PaperDefragSummary;
}

export function runPaper(input: {
  nodes: readonly NodeSpec[];
  pods: readonly PodSpec[] | PodTable;
  policy: PolicyName;
  tune: number;
  seed: number;
  typical?: TypicalPods;
  defrag?: PaperDefragOptions;
}): PaperVariantRunResult {
  const t0 = performance.now();
  const result = runPaperExperiment(input);
  const series = paperSeries(result.log);
  return {
    policy: result.policy,
    seed: result.seed,
    tune: result.tune,
    totalGpus: result.totalGpus,
    pods: result.submitted,
    placedPods: result.submitted - result.failedPods,
    failedPods: result.failedPods,
    neverFitPods: result.neverFit,
    allocation: series.allocation,
    fragAmount: series.fragAmount,
    fragRatio: series.fragRatio,
    elapsedMs: Math.round((performance.now() - t0) * 10) / 10,
    ...(result.defrag && { defrag: defragSummary(paperLabel(result.policy), result.defrag) }),
  };
}
