/**
 * @module cli/commands/experiment
 * `hyperfleet experiment`: the FGD paper's grid (traces × policies × seeds) on worker threads, written in the
 * paper's CSV layout (readable by its own plotting scripts) plus a self-contained HTML report.
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ErrorCode, InputError } from '../../errors/index.js';
import type { PolicyName } from '../../policies/index.js';
import type { Shard, VariantGridResult } from '../../sim/index.js';
import { loadOpenbTrace, OPENB_NODE_FILE, openbPodFile, PAPER_WORKLOADS } from '../../traces/index.js';
import { checkOption, numberOption, parseInteger, parsePolicies } from '../options.js';
import { startProgress } from '../progress.js';
import { type ExperimentOutputSpec, writeExperimentOutputs } from './experiment-output.js';
import { writeExperimentShard } from './experiment-shard.js';
import {
  openQueuePool,
  QUEUE_OPTION,
  type QueueOptionValues,
  TASK_TIMEOUT_OPTION,
} from '../queue-options.js';

export interface ExperimentOptions extends ExperimentOutputSpec {
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
  /** Compute only this shard of the grid and write a shard folder (see experiment-shard) instead of the files. */
  shard?: Shard;
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
    .option(
      '--shard <i/N>',
      'compute shard i of N of the grid and write a shard folder to --out (combine with hyperfleet merge); /N takes i from JOB_COMPLETION_INDEX',
    )
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
      const { DefragMoves, DefragWorkLimit, parseSeeds, parseShard, Seeds, Tune } =
        await import('../../sim/index.js');
      const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
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
        ...(shard && { shard }),
      });
    });
}

/**
 * Runs the grid (or, with `o.shard`, that shard's share of its tasks) and writes every output (or the shard's
 * folder); returns the results it computed, in the grid's task order (workload, policy, variant, seed).
 */
export async function runExperiment(o: ExperimentOptions): Promise<VariantGridResult[]> {
  // Load every trace once here first: bad input is reported before any worker starts, with file and line.
  for (const w of o.workloads)
    await loadOpenbTrace(join(o.tracesDir, OPENB_NODE_FILE), join(o.tracesDir, openbPodFile(w)));
  const { gridTasks, runGridTasks, shardPositions } = await import('../../sim/index.js');
  const pool = await openQueuePool(o.queue ?? {}, (message) => process.stderr.write(`${message}\n`));
  // Queue workers read the traces at the same path, whatever their working folder.
  const tasks = gridTasks({ ...o, tracesDir: pool ? resolve(o.tracesDir) : o.tracesDir });
  const positions = o.shard ? shardPositions(tasks.length, o.shard) : tasks.map((_, k) => k);
  if (o.shard && positions.length === 0)
    process.stderr.write(
      `warning: shard ${o.shard.index} of ${o.shard.count} has no task (the grid has ${tasks.length}); it writes an empty shard\n`,
    );
  const label = o.shard ? `experiments, shard ${o.shard.index}/${o.shard.count}` : 'experiments';
  const progress = startProgress(label, positions.length, 'runs');
  const t0 = performance.now();
  let results: VariantGridResult[];
  try {
    results = await runGridTasks(
      positions.map((k) => tasks[k]),
      {
        workers: o.workers,
        pool,
        onProgress: (done, _total, r) =>
          progress.update(done, `${r.workload} ${r.defrag?.series ?? r.policy} seed ${r.seed}`),
      },
    );
  } finally {
    progress.stop();
    await pool?.close();
  }
  const wallMs = performance.now() - t0;
  const where = pool ? `queue workers (${pool.where})` : `${o.workers} worker thread(s)`;
  if (o.shard) await writeExperimentShard(o, o.shard, tasks.length, results, wallMs);
  else await writeExperimentOutputs(o, results, `in ${(wallMs / 1000).toFixed(1)} s on ${where}`);
  const part = o.shard
    ? `shard ${o.shard.index} of ${o.shard.count}: ${results.length} of ${tasks.length}`
    : results.length;
  process.stderr.write(`${part} runs in ${(wallMs / 1000).toFixed(1)} s on ${where}; wrote ${o.outDir}\n`);
  return results;
}

/** A comma list of option values, trimmed, empty items dropped (each is checked by the option's schema). */
function parseIntegerList(text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : [text];
}
