/**
 * @module cli/commands/simulate
 * `hyperfleet simulate`: one experiment of the FGD paper's protocol on an openb node and pod list.
 */
import type { Command } from 'commander';
import type { SimulateCliOptions } from './simulate-action.js';

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
    .option(
      '--defrag-moves <k>',
      'the defrag variant: a pod that fits nowhere gets a plan of at most k moves (a series of its own)',
    )
    .option('--defrag-work-limit <n>', 'planner work units per failed pod (with --defrag-moves)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (opts: SimulateCliOptions) => {
      // The run's modules load when it runs, so the CLI starts without the simulation pillar; the simulate bundle
      // (bin/hyperfleet.cjs) inlines them and keeps only what the run uses.
      const { simulate } = await import('./simulate-action.js');
      await simulate(opts);
    });
}
