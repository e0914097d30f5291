/**
 * @module cli/commands/experiment
 * `hyperfleet experiment`: the FGD paper's grid (traces × policies × seeds) on worker threads, written in the
 * paper's CSV layout (readable by its own plotting scripts) plus a self-contained HTML report.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ErrorCode, InputError } from '../../errors/index.js';
import type { PolicyName } from '../../policies/index.js';
import type { GridResult, PaperCsvKind, PaperRow } from '../../sim/index.js';
import { loadOpenbTrace, OPENB_NODE_FILE, openbPodFile, PAPER_WORKLOADS } from '../../traces/index.js';
import { checkOption, numberOption, parseInteger, parsePolicies } from '../options.js';
import { startProgress } from '../progress.js';

export interface ExperimentOptions {
  tracesDir: string;
  workloads: string[];
  policies: PolicyName[];
  seeds: number[];
  tune: number;
  workers: number;
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
    .option('--workers <n>', 'worker threads (default: number of cores)')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
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
      const { parseSeeds, Seeds, Tune } = await import('../../sim/index.js');
      await runExperiment({
        tracesDir: opts.traces,
        workloads,
        policies: parsePolicies(opts.policies),
        seeds: checkOption(Seeds, '--seeds', parseSeeds(opts.seeds), opts.seeds),
        tune: numberOption(Tune, '--tune', opts.tune),
        workers:
          opts.workers === undefined ? availableParallelism() : parseInteger('--workers', opts.workers, 1),
        outDir: opts.out,
      });
    });
}

/** Runs the grid and writes every output; returns the results in (workload, policy, seed) order. */
export async function runExperiment(o: ExperimentOptions): Promise<GridResult[]> {
  // Load every trace once here first: bad input is reported before any worker starts, with file and line.
  for (const w of o.workloads)
    await loadOpenbTrace(join(o.tracesDir, OPENB_NODE_FILE), join(o.tracesDir, openbPodFile(w)));
  const total = o.workloads.length * o.policies.length * o.seeds.length;
  const { runGrid } = await import('../../sim/index.js');
  const progress = startProgress('experiments', total, 'runs');
  const t0 = performance.now();
  let results: GridResult[];
  try {
    results = await runGrid({
      tracesDir: o.tracesDir,
      workloads: o.workloads,
      policies: o.policies,
      seeds: o.seeds,
      tune: o.tune,
      workers: o.workers,
      onProgress: (done, _total, r) => progress.update(done, `${r.workload} ${r.policy} seed ${r.seed}`),
    });
  } finally {
    progress.stop();
  }
  const wallMs = performance.now() - t0;
  await writeOutputs(o, results, wallMs);
  process.stderr.write(
    `${results.length} runs in ${(wallMs / 1000).toFixed(1)} s on ${o.workers} worker(s); wrote ${o.outDir}\n`,
  );
  return results;
}

async function writeOutputs(
  o: ExperimentOptions,
  results: readonly GridResult[],
  wallMs: number,
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
        `in ${(wallMs / 1000).toFixed(1)} s on ${o.workers} worker thread(s).`,
    ],
    reference: o.comparableWithPaper === false ? undefined : publishedMeans(),
  });
  await writeFile(join(o.outDir, 'report.html'), html);
}
