/**
 * @module cli/commands/simulate
 * `hyperfleet simulate`: one experiment of the FGD paper's protocol on an openb node and pod list.
 */
import type { Command } from 'commander';
import { numberOption, parsePolicy } from '../options.js';
import { loadOpenbTraceTable } from '../../traces/index.js';
import { runPaper, type PaperRunResult, Seed, Tune } from '../../sim/index.js';
import { writeStdoutSync } from '../stdout-sync.js';

export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      'replay an openb pod list on a node list under one placement policy (the FGD paper protocol)',
    )
    .requiredOption('--nodes <file>', 'openb node list CSV (e.g. openb_node_list_gpu_node.csv)')
    .requiredOption('--pods <file>', 'openb pod list CSV (e.g. openb_pod_list_default.csv)')
    .option('--policy <name>', 'fgd | bestfit | dotprod | packing | clustering | random', 'fgd')
    .option('--tune <ratio>', 'workload tuning ratio: total GPU request ≈ ratio × cluster capacity', '1.3')
    .option('--seed <n>', 'tuning seed (shuffle, copies, tie-break ranks)', '42')
    .option('--json', 'print one JSON object on stdout')
    .action(
      async (opts: {
        nodes: string;
        pods: string;
        policy: string;
        tune: string;
        seed: string;
        json?: boolean;
      }) => {
        const t0 = performance.now();
        const policy = parsePolicy(opts.policy);
        const tune = numberOption(Tune, '--tune', opts.tune);
        const seed = numberOption(Seed, '--seed', opts.seed);
        const trace = await loadOpenbTraceTable(opts.nodes, opts.pods);
        const result = runPaper({ ...trace, policy, tune, seed });
        const elapsedMs = Math.round((performance.now() - t0) * 10) / 10;
        writeStdoutSync(
          opts.json ? JSON.stringify({ ...result, elapsedMs }) + '\n' : summaryText(result, elapsedMs),
        );
      },
    );
}

const POINTS = [50, 80, 90, 100, 110, 130];

/** The human-readable summary of one run. */
export function summaryText(r: PaperRunResult, elapsedMs: number): string {
  const lines = [
    `policy ${r.policy}, seed ${r.seed}, tune ${r.tune}: ${r.pods} pods submitted to ${r.totalGpus} GPUs`,
    `placed ${r.placedPods}, failed ${r.failedPods}` +
      (r.neverFitPods > 0
        ? ` (${r.neverFitPods} could never fit any node)`
        : ' (all of them fit an empty node)'),
    '',
    'arrived workload (% of GPU capacity)  ' + POINTS.map((x) => String(x).padStart(7)).join(''),
    'GPU allocation (%)                    ' +
      POINTS.map((x) => r.allocation[x].toFixed(2).padStart(7)).join(''),
    'fragmented GPU (% of capacity)        ' +
      POINTS.map((x) => r.fragAmount[x].toFixed(2).padStart(7)).join(''),
    'fragmented / idle GPU (%)             ' +
      POINTS.map((x) => r.fragRatio[x].toFixed(2).padStart(7)).join(''),
    '',
    `elapsed ${(elapsedMs / 1000).toFixed(2)} s`,
  ];
  return lines.join('\n') + '\n';
}
