/**
 * @module cli/commands/fleet
 * `hyperfleet fleet convert` turns a trace's node list (openb or spot) into a fleet YAML file;
 * `hyperfleet fleet check` validates a fleet file and prints its totals; `hyperfleet fleet snapshot` writes a live
 * cluster as files (cli/commands/fleet-snapshot).
 */
import type { Command } from 'commander';
import { ErrorCode, InputError } from '../../errors/index.js';
import {
  type CatalogLookup,
  type Conversion,
  DEFAULT_GIB_PER_VCPU,
  fleetFromOpenbFile,
  fleetFromSpotFile,
  formatFleetSummary,
  loadFleetFile,
  parseModelMap,
  stringifyFleet,
  summarizeFleet,
} from '../../fleet/index.js';
import { parseNumber } from '../options.js';
import { writeOutputFile } from '../output-file.js';
import { registerSnapshot } from './fleet-snapshot.js';

/** `catalog` supplies the accelerator catalog for id checks and summaries (none: ids are not checked). */
export function register(program: Command, catalog: () => CatalogLookup | undefined = () => undefined): void {
  const fleet = program
    .command('fleet')
    .description('convert node lists to fleet files, check fleet files, snapshot a live cluster');
  registerSnapshot(fleet, catalog);

  fleet
    .command('convert')
    .description('write a fleet YAML file from an openb or spot-GPU node list')
    .requiredOption('--from <source>', 'openb | spot')
    .requiredOption('--nodes <file>', 'node list CSV (openb_node_list_gpu_node.csv or node_info_df.csv)')
    .option('--map <pairs>', 'GPU model → catalog id overrides, e.g. G2=nvidia-h20,G3=nvidia-h800')
    .option(
      '--mem-per-vcpu <GiB>',
      `spot only: memory per vCPU (the file has none)`,
      String(DEFAULT_GIB_PER_VCPU),
    )
    .option('--out <file>', 'write the fleet here instead of standard output')
    .action(async (opts: { from: string; nodes: string; map?: string; memPerVcpu: string; out?: string }) => {
      const common = { map: opts.map ? parseModelMap(opts.map) : undefined, catalog: catalog() };
      let conv: Conversion;
      if (opts.from === 'openb') conv = await fleetFromOpenbFile(opts.nodes, common);
      else if (opts.from === 'spot') {
        const memoryGiBPerVcpu = parseNumber('--mem-per-vcpu', opts.memPerVcpu, { positive: true });
        conv = await fleetFromSpotFile(opts.nodes, { ...common, memoryGiBPerVcpu });
      } else
        throw new InputError(ErrorCode.InvalidOption, {
          field: '--from',
          expected: 'openb or spot',
          got: opts.from,
        });
      const comments = [
        `hyperfleet fleet converted from the ${opts.from} node list ${opts.nodes}`,
        ...conv.assumptions.map((a) => `assumption: ${a}`),
        ...(conv.skippedNodes > 0 ? [`${conv.skippedNodes} CPU-only node(s) left out`] : []),
      ];
      const yaml = stringifyFleet(conv.fleet, comments);
      if (!opts.out) {
        process.stdout.write(yaml);
        return;
      }
      await writeOutputFile(opts.out, yaml, '--out');
      const s = summarizeFleet(conv.fleet);
      process.stderr.write(`wrote ${opts.out}: ${s.pools} pools, ${s.nodes} nodes, ${s.devices} devices\n`);
      for (const c of comments.slice(1)) process.stderr.write(`  ${c}\n`);
    });

  fleet
    .command('check')
    .description(
      'validate a fleet file and print pools, nodes, devices per accelerator, capital cost and power',
    )
    .argument('<file>', 'fleet file (YAML or JSON)')
    .option('--json', 'print the summary as one JSON object')
    .action(async (file: string, opts: { json?: boolean }) => {
      const cat = catalog();
      const f = await loadFleetFile(file, cat);
      const summary = summarizeFleet(f, cat);
      if (opts.json) process.stdout.write(JSON.stringify({ site: f.site, ...summary }) + '\n');
      else {
        const note = cat ? '' : ' (accelerator ids not checked: no catalog)';
        process.stdout.write(`${file}: valid${note}\n${formatFleetSummary(f, summary)}`);
      }
    });
}
