/**
 * @module cli/commands/experiment-output
 * The files an experiment grid writes: the paper's three CSVs (readable by its own plotting scripts) and the HTML
 * report. The same for one process and for shards merged by `hyperfleet merge`; only the report's line on how the
 * grid ran differs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PolicyName } from '../../policies/index.js';
import type { PaperCsvKind, PaperRow, VariantGridResult } from '../../sim/index.js';

/** What the output files say about the grid. */
export interface ExperimentOutputSpec {
  readonly workloads: readonly string[];
  readonly policies: readonly PolicyName[];
  readonly seeds: readonly number[];
  readonly tune: number;
  readonly outDir: string;
  readonly title?: string;
  readonly notes?: readonly string[];
  /**
   * Whether the traces are the paper's own, so that its published means apply (default true). A synthetic
   * stand-in is not: its report then shows no paper columns and no Δ.
   */
  readonly comparableWithPaper?: boolean;
}

/**
 * Writes the CSVs and the report of `results` (in the grid's task order) to `o.outDir`; `howRan` ends the report's
 * note on the runs (e.g. `in 12.0 s on 2 worker thread(s)`).
 */
export async function writeExperimentOutputs(
  o: ExperimentOutputSpec,
  results: readonly VariantGridResult[],
  howRan: string,
): Promise<void> {
  await mkdir(o.outDir, { recursive: true });
  const { formatPaperCsv, PAPER_CSV_FILE, paperRowOf, publishedMeans } = await import('../../sim/index.js');
  const rows: PaperRow[] = results.map(paperRowOf);
  for (const kind of ['allo', 'frag', 'fragratio'] as PaperCsvKind[]) {
    await writeFile(join(o.outDir, PAPER_CSV_FILE[kind]), formatPaperCsv(kind, rows));
  }
  const { renderExperimentReport } = await import('../../report/index.js');
  const html = renderExperimentReport({
    title: o.title ?? 'hyperfleet — FGD paper experiment grid',
    runs: rows.map((row, i) => ({
      workload: row.workload,
      policy: row.scPolicy,
      seed: row.seed,
      tune: row.tune,
      allocation: row.allocation,
      fragAmount: row.fragAmount,
      fragRatio: row.fragRatio,
      failedPods: results[i].failedPods,
      elapsedMs: results[i].elapsedMs,
    })),
    notes: [
      ...(o.notes ?? []),
      `${results.length} runs (${o.workloads.length} traces × ${o.policies.length} policies × ${o.seeds.length} seeds, tune ${o.tune}) ` +
        `${howRan}.`,
      ...defragNotes(results),
    ],
    reference: o.comparableWithPaper === false ? undefined : publishedMeans(),
  });
  await writeFile(join(o.outDir, 'report.html'), html);
}

/**
 * One line per run of the defrag variant: what its plans did. The series stand beside the paper's in the tables
 * and figures; these lines say how many failed pods the plans placed and at what cost.
 */
function defragNotes(results: readonly VariantGridResult[]): string[] {
  const notes: string[] = [];
  for (const r of results) {
    const d = r.defrag;
    if (!d) continue;
    notes.push(
      `${r.workload} ${d.series} seed ${r.seed}: ${d.placedByPlan} of ${d.planned} pods the policy placed ` +
        `nowhere were placed after a plan of at most ${d.maxMoves} move(s) (${d.moves} moves, cost ${d.moveCost}); ` +
        `${d.unproven} plans ended at the work limit (${d.workLimit}) or beyond the exact search; ` +
        `planner p50 ${d.planMsP50} ms, p99 ${d.planMsP99} ms.`,
    );
  }
  return notes;
}
