/**
 * @module cli/commands/run-output
 * What `hyperfleet run` computes and writes, apart from reading its options: the list of simulations (each policy,
 * and with `--defrag` each policy once without the defragmenter and once with it), the JSON summary of their
 * results and the HTML report. One process and merged shards (run-shard) write them through the same functions.
 */
import { join } from 'node:path';
import type { PolicyName } from '../../policies/index.js';
import type { DefraggedTimeSimResult } from '../../sim/index.js';
import { writeOutputFile } from '../output-file.js';
import { comparedFigures } from './run-defrag.js';

/** One simulation of a run: a policy, with or without the defragmenter. */
export interface RunTask {
  readonly policy: PolicyName;
  readonly withDefrag: boolean;
}

/** What the summary and the report say about the run besides its results. */
export interface RunView {
  readonly policies: PolicyName[];
  /** The fleet file as the user named it. */
  readonly fleet: string;
  /** The workload, described (loadWorkload). */
  readonly workload: string;
  readonly assumptions: string[];
  readonly queue: string;
  readonly preemption: boolean;
  readonly seed: number;
  /** The `--defrag` text, when given. */
  readonly defrag?: string;
}

/** The files `--out DIR` holds. */
export const RUN_SUMMARY_FILE = 'summary.json';
export const RUN_REPORT_FILE = 'report.html';

/** The run's simulations in order: per policy, the one without the defragmenter first when both run. */
export function runTasks(policies: readonly PolicyName[], defrag: boolean): RunTask[] {
  return policies.flatMap((policy) =>
    defrag
      ? [
          { policy, withDefrag: false },
          { policy, withDefrag: true },
        ]
      : [{ policy, withDefrag: false }],
  );
}

/** The results of {@link runTasks} split into the runs shown and their baselines without the defragmenter. */
function split(view: RunView, results: readonly DefraggedTimeSimResult[]) {
  const step = view.defrag === undefined ? 1 : 2;
  const shown = view.policies.map((_, k) => results[k * step + step - 1]);
  const baselines = view.defrag === undefined ? [] : view.policies.map((_, k) => results[k * step]);
  return { shown, baselines };
}

/** The summary objects (`--json`): one per policy, with the comparison against the baseline under `defrag`. */
export function runSummaries(view: RunView, results: readonly DefraggedTimeSimResult[]) {
  const { shown, baselines } = split(view, results);
  return shown.map(({ timeline: _timeline, defrag: figures, ...summary }, k) => ({
    ...summary,
    ...(figures ? { defrag: { ...figures, withoutDefrag: comparedFigures(baselines[k]) } } : {}),
    workload: view.workload,
    assumptions: view.assumptions,
  }));
}

/** The JSON text `--json` prints: one object, or an array when several policies ran. */
export function runSummaryJson(view: RunView, results: readonly DefraggedTimeSimResult[]): string {
  const outs = runSummaries(view, results);
  return JSON.stringify(outs.length === 1 ? outs[0] : outs) + '\n';
}

/** The HTML report of the run. */
export async function runReportHtml(
  view: RunView,
  results: readonly DefraggedTimeSimResult[],
): Promise<string> {
  const { shown, baselines } = split(view, results);
  const { renderTimeReport } = await import('../../report/index.js');
  return renderTimeReport({
    title: `hyperfleet run — ${view.policies.join(', ')} on ${view.fleet}`,
    runs: shown.flatMap((result, k) => [
      ...(baselines[k] ? [{ label: `${result.policy} without defrag`, result: baselines[k] }] : []),
      { label: view.defrag ? `${result.policy} with defrag` : result.policy, result },
    ]),
    assumptions: view.assumptions,
    notes: [
      `Workload: ${view.workload}.`,
      `Fleet: ${view.fleet}; queue ${view.queue}${view.preemption ? ', preemption on' : ''}; seed ${view.seed}.`,
      ...(view.defrag
        ? [
            `Defrag ${view.defrag}: each policy ran twice, without and with the defragmenter (see docs/cli.md#hyperfleet-run for the restart model).`,
          ]
        : []),
    ],
  });
}

/** Writes `--out DIR`: the JSON summary and the report. */
export async function writeRunFolder(
  dir: string,
  view: RunView,
  results: readonly DefraggedTimeSimResult[],
): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  await writeOutputFile(join(dir, RUN_SUMMARY_FILE), runSummaryJson(view, results), '--out');
  await writeOutputFile(join(dir, RUN_REPORT_FILE), await runReportHtml(view, results), '--out');
}
