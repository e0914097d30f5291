/**
 * @module report/experiment-aggregate
 * The experiment runs summed up for the report: grouped by workload (and tune, when a workload ran with
 * several), then per policy the seeds' mean ± SD at the table points and the point-wise median and 25–75 %
 * band of each curve. Everything is ordered (workloads in the paper's trace order, policies and strings
 * byte-wise, runs by seed) so the report does not depend on the order the runs came in.
 */
import { policyColors, policyDisplayName } from './palette.js';
import { PAPER_WORKLOADS } from '../traces/index.js';
import { meanSd, pointwiseBand, type MeanSd, type PointwiseBand } from './stats.js';
import {
  workloadShortName,
  X_FINAL,
  X_MID,
  type ReferenceValues,
  type ReportInput,
  type ReportRun,
} from './experiment-input.js';

/** How a policy is named and drawn, the same in every workload. */
export interface PolicyStyle {
  label: string;
  display: string;
  color: string;
}

export interface PolicyAgg extends PolicyStyle {
  runs: ReportRun[];
  seeds: number;
  at100: MeanSd;
  at130: MeanSd;
  failed: MeanSd;
  elapsedMs: MeanSd | null;
  allocation: PointwiseBand;
  fragAmount: PointwiseBand;
  fragRatio: PointwiseBand;
  ref: ReferenceValues | null;
}

export interface WorkloadAgg {
  /** Key of the group (workload, plus tune when a workload has several). */
  key: string;
  workload: string;
  short: string;
  tune: number | null;
  anchor: string;
  policies: PolicyAgg[];
}

export interface ExperimentAggregate {
  workloads: WorkloadAgg[];
  /** Every policy of the runs, by label. */
  policies: PolicyStyle[];
}

/** The curves of a policy that are drawn with a band. */
export type BandKey = 'allocation' | 'fragAmount' | 'fragRatio';

/** Byte-wise (UTF-16 code unit) string order: the same on every machine and locale. */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Trace order of the paper's matrix (spec §7.2); unknown workloads follow, by name. */
const KNOWN_TRACE_ORDER: readonly string[] = PAPER_WORKLOADS;

function workloadCompare(a: string, b: string): number {
  const ia = KNOWN_TRACE_ORDER.indexOf(workloadShortName(a));
  const ib = KNOWN_TRACE_ORDER.indexOf(workloadShortName(b));
  if (ia !== ib) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || byteCompare(a, b);
  return byteCompare(a, b);
}

function valueAt(series: readonly number[], x: number): number | null {
  const v = series[x];
  return v !== undefined && Number.isFinite(v) ? v : null;
}

function statAt(runs: readonly ReportRun[], pick: (r: ReportRun) => readonly number[], x: number): MeanSd {
  const vals: number[] = [];
  for (const r of runs) {
    const v = valueAt(pick(r), x);
    if (v !== null) vals.push(v);
  }
  return meanSd(vals);
}

function lookupReference(
  reference: ReportInput['reference'],
  workload: string,
  label: string,
): ReferenceValues | null {
  if (!reference) return null;
  const byWorkload = reference[workload] ?? reference[workloadShortName(workload)];
  if (!byWorkload) return null;
  const ref = byWorkload[label] ?? byWorkload[policyDisplayName(label)];
  if (!ref || !Number.isFinite(ref.at100) || !Number.isFinite(ref.at130)) return null;
  return ref;
}

interface RunGroup {
  workload: string;
  tune: number | null;
  runs: ReportRun[];
}

/** The runs by workload, split by tune only where a workload ran with several; keys in report order. */
function groupRuns(runs: readonly ReportRun[]): { key: string; group: RunGroup }[] {
  const tunesByWorkload = new Map<string, Set<number>>();
  for (const r of runs) {
    let s = tunesByWorkload.get(r.workload);
    if (!s) tunesByWorkload.set(r.workload, (s = new Set()));
    s.add(r.tune);
  }
  const groups = new Map<string, RunGroup>();
  for (const r of runs) {
    const multi = (tunesByWorkload.get(r.workload)?.size ?? 0) > 1;
    const key = multi ? `${r.workload} (tune ${r.tune})` : r.workload;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { workload: r.workload, tune: multi ? r.tune : null, runs: [] }));
    g.runs.push(r);
  }
  return [...groups.entries()]
    .map(([key, group]) => ({ key, group }))
    .sort(
      (a, b) =>
        workloadCompare(a.group.workload, b.group.workload) ||
        (a.group.tune ?? 0) - (b.group.tune ?? 0) ||
        byteCompare(a.key, b.key),
    );
}

function aggregatePolicy(
  style: PolicyStyle,
  group: RunGroup,
  reference: ReportInput['reference'],
): PolicyAgg {
  // Seed order makes the aggregation independent of the input order.
  const runs = group.runs
    .filter((r) => r.policy === style.label)
    .sort((a, b) => a.seed - b.seed || a.failedPods - b.failedPods);
  const elapsed = runs
    .map((r) => r.elapsedMs)
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  return {
    ...style,
    runs,
    seeds: new Set(runs.map((r) => r.seed)).size,
    at100: statAt(runs, (r) => r.allocation, X_MID),
    at130: statAt(runs, (r) => r.allocation, X_FINAL),
    failed: meanSd(runs.map((r) => r.failedPods).filter((v) => Number.isFinite(v))),
    elapsedMs: elapsed.length > 0 ? meanSd(elapsed) : null,
    allocation: pointwiseBand(runs.map((r) => r.allocation)),
    fragAmount: pointwiseBand(runs.map((r) => r.fragAmount)),
    fragRatio: pointwiseBand(runs.map((r) => r.fragRatio)),
    ref: lookupReference(reference, group.workload, style.label),
  };
}

function aggregateWorkload(
  key: string,
  group: RunGroup,
  index: number,
  styles: ReadonlyMap<string, PolicyStyle>,
  reference: ReportInput['reference'],
): WorkloadAgg {
  const labels = [...new Set(group.runs.map((r) => r.policy))].sort(byteCompare);
  const short = workloadShortName(group.workload);
  const slug = short.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return {
    key,
    workload: group.workload,
    short: group.tune === null ? short : `${short} (tune ${group.tune})`,
    tune: group.tune,
    anchor: `w${index + 1}${slug ? `-${slug}` : ''}`,
    policies: labels.map((label) => aggregatePolicy(styles.get(label)!, group, reference)),
  };
}

/** The runs of `input` grouped, ordered and summed up, with the style of every policy. */
export function aggregate(input: ReportInput): ExperimentAggregate {
  const labels = [...new Set(input.runs.map((r) => r.policy))].sort(byteCompare);
  const colors = policyColors(labels);
  const policies = labels.map((label) => ({
    label,
    display: policyDisplayName(label),
    color: colors.get(label)!,
  }));
  const styles = new Map(policies.map((p) => [p.label, p]));
  const workloads = groupRuns(input.runs).map(({ key, group }, i) =>
    aggregateWorkload(key, group, i, styles, input.reference),
  );
  return { workloads, policies };
}
