/**
 * @module workload/workload-file
 * A time workload from an openb pod list with times (the 11-column files): each pod arrives at its creation time
 * and runs until its deletion time. The CSV is read by traces/openb (`loadOpenbPods`), so a workload file is
 * validated exactly like a paper trace.
 *
 * - arrival = creation_time − the smallest creation_time in the file (so the first pod arrives at 0);
 * - duration = deletion_time − creation_time;
 * - censored pods — no deletion time, or a deletion time equal to the largest time in the file (the openb files
 *   stamp pods still running at the collection end with that time: 34 pods of the default trace) — run until that
 *   end and are flagged `censored: true` (their real duration is longer). A pod that genuinely ended at the very
 *   last timestamp is flagged too; that costs nothing, its duration is the same.
 * - a pod without a creation time, or deleted before it was created, is an input error naming the line.
 *
 * Pods keep the file's order (the simulator orders by arrival). Note that in the openb default trace pod 0 is
 * created at t = 0 but the bulk of the pods arrive 115 days later (see workload/openb-stats): replaying it from
 * the first creation simulates a long, nearly empty prelude.
 */
import { ErrorCode, InputError } from '../errors/index.js';
import type { PodSpec } from '../model/index.js';
import { IssueList } from '../input/index.js';
import { loadOpenbPods, type OpenbPodList } from '../traces/index.js';
import type { WorkloadPod } from './synthetic.js';

export interface LoadedWorkload {
  /** Pods in file order. */
  readonly pods: WorkloadPod[];
  /** Trace time of arrival 0 (the smallest creation time), in seconds. */
  readonly originSec: number;
  /** The collection end: the largest time in the file, in trace time. */
  readonly endSec: number;
  /** Pods flagged censored. */
  readonly censored: number;
}

/** Loads an openb pod CSV with creation/deletion times as a time workload. */
export async function loadWorkloadFile(file: string): Promise<LoadedWorkload> {
  return workloadFromOpenbPods(await loadOpenbPods(file), file);
}

/** The conversion behind {@link loadWorkloadFile}, for pods already loaded; `file` names the source in errors. */
export function workloadFromOpenbPods(list: OpenbPodList, file?: string): LoadedWorkload {
  const { pods, lines } = list;
  const issues = new IssueList(file);
  if (pods.length > 0 && pods.every((p) => p.creationTimeSec === undefined)) {
    // Most likely a 5-column file (the multigpu traces): say so once, not once per pod.
    throw new InputError(ErrorCode.MissingColumn, {
      file,
      line: 1,
      field: 'creation_time',
      message:
        'a time workload needs creation_time (and deletion_time) for every pod; this pod list has none',
    });
  }
  let origin = Infinity;
  let end = -Infinity;
  pods.forEach((p, i) => {
    const c = p.creationTimeSec;
    if (c === undefined) {
      issues.add({
        line: lines[i],
        field: 'creation_time',
        expected: 'the pod creation time in seconds',
        got: '',
      });
      return;
    }
    if (p.deletionTimeSec !== undefined && p.deletionTimeSec < c) {
      issues.add({
        line: lines[i],
        field: 'deletion_time',
        expected: `a time ≥ creation_time (${c})`,
        got: String(p.deletionTimeSec),
      });
    }
    origin = Math.min(origin, c);
    for (const t of [c, p.deletionTimeSec, p.scheduledTimeSec]) if (t !== undefined) end = Math.max(end, t);
  });
  issues.throwIfAny(ErrorCode.InvalidField);
  let censored = 0;
  const out = pods.map((p): WorkloadPod => {
    const c = p.creationTimeSec!;
    const d = p.deletionTimeSec;
    const isCensored = d === undefined || d >= end;
    if (isCensored) censored++;
    return {
      ...(p as PodSpec),
      arrivalSec: c - origin,
      durationSec: (isCensored ? end : d) - c,
      censored: isCensored,
    };
  });
  return {
    pods: out,
    originSec: Number.isFinite(origin) ? origin : 0,
    endSec: Number.isFinite(end) ? end : 0,
    censored,
  };
}
