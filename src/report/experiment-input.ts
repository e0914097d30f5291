/**
 * @module report/experiment-input
 * What the experiment report is made from: one run per workload × policy × seed (the curves of the FGD paper's
 * protocol, see shared/specs/fgd-reproduction.md §7.2), the published values to compare with, and the arrived-
 * workload points the report's tables read.
 */

export interface ReportRun {
  workload: string;
  policy: string;
  seed: number;
  tune: number;
  /** % of cluster GPU capacity allocated, indexed by arrived workload x = 0..130. */
  allocation: readonly number[];
  /** Fragmented GPU capacity, % of cluster GPU capacity, indexed like `allocation`. */
  fragAmount: readonly number[];
  /** Fragmented / idle GPU capacity, %, indexed like `allocation`. */
  fragRatio: readonly number[];
  failedPods: number;
  elapsedMs?: number;
}

/** Published allocation % at x = 100 and x = 130. */
export interface ReferenceValues {
  at100: number;
  at130: number;
}

export interface ReportInput {
  title: string;
  runs: readonly ReportRun[];
  /** Free-text lines shown under the title (e.g. provenance, date, commit). */
  notes?: readonly string[];
  /**
   * Published values (mean over seeds of allocation % at x = 100 / 130), keyed
   * by workload (full name or short name without `openb_pod_list_`) and policy
   * (label, e.g. `06-FGD`, or display name, e.g. `FGD`).
   */
  reference?: { [workload: string]: { [policy: string]: ReferenceValues } };
}

/** Arrived-workload points reported in the tables. */
export const X_MID = 100;
export const X_FINAL = 130;

const WORKLOAD_PREFIX = 'openb_pod_list_';

/** Workload name without the `openb_pod_list_` prefix: `openb_pod_list_default` → `default`. */
export function workloadShortName(workload: string): string {
  return workload.startsWith(WORKLOAD_PREFIX) && workload.length > WORKLOAD_PREFIX.length
    ? workload.slice(WORKLOAD_PREFIX.length)
    : workload;
}
