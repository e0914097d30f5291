/**
 * @module cli/commands/experiment
 * `hyperfleet experiment`: the FGD paper's grid (traces × policies × seeds) on worker threads, written in the
 * paper's CSV layout (readable by its own plotting scripts) plus a self-contained HTML report.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ErrorCode, InputError } from '../../errors/index.js';
import type { PolicyName } from '../../policies/index.js';
import type { PaperCsvKind, PaperRow, VariantGridResult } from '../../sim/index.js';
import { loadOpenbTrace, OPENB_NODE_FILE, openbPodFile, PAPER_WORKLOADS } from '../../traces/index.js';
import { checkOption, numberOption, parseInteger, parsePolicies } from '../options.js';
import { startProgress } from '../progress.js';
import {
  openQueuePool,
  QUEUE_OPTION,
  type QueueOptionValues,
  TASK_TIMEOUT_OPTION,
} from '../queue-options.js';

export interface ExperimentOptions {
  tracesDir: string;
  workloads: string[];
  policies: PolicyName[];
  seeds: number[];
  tune: number;
  /** The opt-in defrag variant: one more series per k (plans of at most k moves for each failed pod). */
  defragMoves?: number[];
  /** The planner's work limit per failed pod in those runs. */
  defragWorkLimit?: number;
  workers: number;
  /** `--queue` and `--task-timeout`: the runs go to queue workers instead of this machine's threads. */
  queue?: QueueOptionValues;
  outDir: string;
  title?: string;
  notes?: string[];
  /**
   * Whether the traces are the paper's own, so that its published means apply (default true). A synthetic
   * stand-in is not: its report then shows no paper columns and no Δ.
   */
  comparableWithPaper?: boolean;
}

export function register(program: Command): void {
  program
    .command('experiment')
    .description("run the FGD paper's experiment grid and write its CSVs and an HTML report")
    .requiredOption(
      '--traces <dir>',
      'folder with openb_node_list_gpu_node.csv and openb_pod_list_<workload>.csv',
    )
    .option(
      '--workloads <list>',
      `comma list of pod lists, or "paper" for all 17 (${PAPER_WORKLOADS.join(',')})`,
      'default',
    )
    .option(
      '--policies <list>',
      'all, or a comma list of fgd,bestfit,dotprod,packing,clustering,random',
      'all',
    )
    .option('--seeds <list>', 'seeds as a list or range, e.g. 42-51 or 42,45', '42-51')
    .option('--tune <ratio>', 'workload tuning ratio', '1.3')
    .option(
      '--defrag-moves <list>',
      'also run each policy with defrag: a pod that fits nowhere gets a plan of at most k moves (e.g. 2, or 1,2,4); a series per k',
    )
    .option('--defrag-work-limit <n>', 'planner work units per failed pod in the defrag runs')
    .option('--workers <n>', 'worker threads (default: number of cores)')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option(...QUEUE_OPTION("the grid's runs"))
    .option(...TASK_TIMEOUT_OPTION)
    .action(async (opts: Record<string, string>) => {
      const workloads =
        opts.workloads.trim() === 'paper'
          ? [...PAPER_WORKLOADS]
          : opts.workloads
              .split(',')
              .map((w) =>
                w
                  .trim()
                  .replace(/^openb_pod_list_/, '')
                  .replace(/\.csv$/, ''),
              )
              .filter(Boolean);
      if (workloads.length === 0) {
        throw new InputError(ErrorCode.InvalidOption, {
          field: '--workloads',
          expected: 'at least one workload',
          got: opts.workloads,
        });
      }
      // Loaded on demand: the simulation pillar (its worker pool above all) is heavy; other commands never need it.
      const { DefragMoves, DefragWorkLimit, parseSeeds, Seeds, Tune } = await import('../../sim/index.js');
      await runExperiment({
        tracesDir: opts.traces,
        workloads,
        policies: parsePolicies(opts.policies),
        seeds: checkOption(Seeds, '--seeds', parseSeeds(opts.seeds), opts.seeds),
        tune: numberOption(Tune, '--tune', opts.tune),
        ...(opts.defragMoves !== undefined && {
          defragMoves: [
            ...new Set(
              parseIntegerList(opts.defragMoves).map((k) => numberOption(DefragMoves, '--defrag-moves', k)),
            ),
          ],
        }),
        ...(opts.defragWorkLimit !== undefined && {
          defragWorkLimit: numberOption(DefragWorkLimit, '--defrag-work-limit', opts.defragWorkLimit),
        }),
        workers:
          opts.workers === undefined ? availableParallelism() : parseInteger('--workers', opts.workers, 1),
        queue: { queue: opts.queue, taskTimeout: opts.taskTimeout },
        outDir: opts.out,
      });
    });
}

/** Runs the grid and writes every output; returns the results in (workload, policy, seed) order. */
export async function runExperiment(o: ExperimentOptions): Promise<VariantGridResult[]> {
  // Load every trace once here first: bad input is reported before any worker starts, with file and line.
  for (const w of o.workloads)
    await loadOpenbTrace(join(o.tracesDir, OPENB_NODE_FILE), join(o.tracesDir, openbPodFile(w)));
  const variants = 1 + (o.defragMoves?.length ?? 0);
  const total = o.workloads.length * o.policies.length * variants * o.seeds.length;
  const { runGrid } = await import('../../sim/index.js');
  const pool = await openQueuePool(o.queue ?? {}, (message) => process.stderr.write(`${message}\n`));
  const progress = startProgress('experiments', total, 'runs');
  const t0 = performance.now();
  let results: VariantGridResult[];
  try {
    results = await runGrid({
      // Queue workers read the traces at the same path, whatever their working folder.
      tracesDir: pool ? resolve(o.tracesDir) : o.tracesDir,
      workloads: o.workloads,
      policies: o.policies,
      seeds: o.seeds,
      tune: o.tune,
      defragMoves: o.defragMoves,
      defragWorkLimit: o.defragWorkLimit,
      workers: o.workers,
      pool,
      onProgress: (done, _total, r) =>
        progress.update(done, `${r.workload} ${r.defrag?.series ?? r.policy} seed ${r.seed}`),
    });
  } finally {
    progress.stop();
    await pool?.close();
  }
  const wallMs = performance.now() - t0;
  const where = pool ? `queue workers (${pool.where})` : `${o.workers} worker thread(s)`;
  await writeOutputs(o, results, wallMs, where);
  process.stderr.write(
    `${results.length} runs in ${(wallMs / 1000).toFixed(1)} s on ${where}; wrote ${o.outDir}\n`,
  );
  return results;
}

async function writeOutputs(
  o: ExperimentOptions,
  results: readonly VariantGridResult[],
  wallMs: number,
  where: string,
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
        `in ${(wallMs / 1000).toFixed(1)} s on ${where}.`,
      ...defragNotes(results),
    ],
    reference: o.comparableWithPaper === false ? undefined : publishedMeans(),
  });
  await writeFile(join(o.outDir, 'report.html'), html);
}

/** A comma list of option values, trimmed, empty items dropped (each is checked by the option's schema). */
function parseIntegerList(text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : [text];
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
