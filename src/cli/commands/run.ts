/**
 * @module cli/commands/run
 * `hyperfleet run`: a fleet over time. Pods arrive, wait, run (at the speed of the device they land on) and
 * leave; the summary gives queueing, completion times, device-hours, energy and cost per accelerator model.
 */
import type { Command } from 'commander';
import { ErrorCode, InputError } from '../../errors/index.js';
import { checkOption, numberOption, parseAnyPolicies, parseNumber } from '../options.js';
import { checkOutputPath, writeOutputFile } from '../output-file.js';
import { startProgress } from '../progress.js';
import type { PolicyName } from '../../policies/index.js';
import { type ComparedFigures, type DefragOptionTexts, defragLines, defragSettings } from './run-defrag.js';
import {
  RUN_REPORT_FILE,
  RUN_SUMMARY_FILE,
  runReportHtml,
  runSummaries,
  runSummaryJson,
  runTasks,
  type RunView,
  writeRunFolder,
} from './run-output.js';
import { writeRunShard } from './run-shard.js';
import { runWorkload } from './run-workload.js';

interface RunOptions extends DefragOptionTexts {
  fleet: string;
  workload: string;
  initial?: string;
  policy: string;
  seed: string;
  queue: string;
  backfillDepth: string;
  preemption?: boolean;
  reference: string;
  catalog?: string;
  fgdWeight: string;
  stats?: string;
  load?: string;
  json?: boolean;
  report?: string;
  out?: string;
  shard?: string;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('simulate a fleet over time: arrivals, queueing, run times per device, energy and cost')
    .requiredOption('--fleet <file>', 'fleet file (YAML or JSON; see docs/cli.md, Fleet files)')
    .requiredOption(
      '--workload <spec>',
      'openb pod CSV with creation/deletion times, or synthetic:pods=N,days=D[,seed=S]',
    )
    .option(
      '--policy <name>',
      'fgd | bestfit | dotprod | packing | clustering | random | fgd-energy | fgd-cost | hetero, or a comma list to compare',
      'fgd',
    )
    .option(
      '--initial <file>',
      'running pods to start from, pinned where they run: placements.json of `hyperfleet fleet snapshot` (or GET /v1/placements)',
    )
    .option('--seed <n>', 'seed for tie-break ranks and the synthetic workload', '42')
    .option('--queue <kind>', 'fifo (strict order) or backfill (later pods may go first)', 'backfill')
    .option('--backfill-depth <n>', 'waiting pods a backfill pass may try', '64')
    .option('--preemption', 'evict best-effort pods for waiting higher-QoS pods')
    .option('--reference <id>', 'accelerator the workload durations were recorded on', 'nvidia-a100')
    .option('--catalog <file>', 'JSON file extending or overriding the accelerator catalog')
    .option('--fgd-weight <w>', 'weight of FGD in fgd-energy / fgd-cost, 0..1', '0.5')
    .option(
      '--stats <file>',
      'openb pod list to fit the synthetic workload on (default: the openb default trace)',
    )
    .option(
      '--load <share>',
      'synthetic only: stretch job durations so the fleet is about this busy (0..1) in the window; default: trace durations',
    )
    .option(
      '--defrag <when>',
      'move running pods to make room for pods that fit nowhere: on-pending, or periodic:D (e.g. periodic:1h); each policy also runs without it for comparison',
    )
    .option(
      '--migration-cost <duration>',
      'with --defrag: restart delay of a moved pod (e.g. 5m, 90s, 0)',
      undefined,
    )
    .option('--defrag-max-moves <k>', 'with --defrag: most moves per plan (default 4)')
    .option('--json', 'print one JSON object on stdout')
    .option('--report <file>', 'write an HTML report')
    .option(
      '--out <dir>',
      `write ${RUN_SUMMARY_FILE} (as --json prints) and ${RUN_REPORT_FILE} to this folder`,
    )
    .option(
      '--shard <i/N>',
      'run shard i of N of the policies (and defrag variants) and write a shard folder to --out (combine with hyperfleet merge); /N takes i from JOB_COMPLETION_INDEX',
    )
    .action(async (opts: RunOptions) => {
      await runCommand(opts);
    });
}

async function runCommand(opts: RunOptions): Promise<void> {
  // Several policies (comma list) run on the same fleet and workload, for side-by-side comparison.
  const policies = parseAnyPolicies(opts.policy);
  const [
    {
      BackfillDepth,
      FgdWeight,
      QueueDiscipline,
      ReferenceAccelerator,
      Seed,
      fleetSetup,
      fleetSimInput,
      parseShard,
      refusePricedPolicies,
      runTimeSimulation,
      shardPositions,
    },
    { loadCatalog },
    { loadFleetFile, expandFleet },
  ] = await Promise.all([
    import('../../sim/index.js'),
    import('../../catalog/index.js'),
    import('../../fleet/index.js'),
  ]);
  const seed = numberOption(Seed, '--seed', opts.seed);
  const queue = checkOption(QueueDiscipline, '--queue', opts.queue, opts.queue);
  const backfillDepth = numberOption(BackfillDepth, '--backfill-depth', opts.backfillDepth);
  const fgdWeight = numberOption(FgdWeight, '--fgd-weight', opts.fgdWeight);
  const reference = checkOption(ReferenceAccelerator, '--reference', opts.reference, opts.reference);
  const defrag = await defragSettings(opts);
  if (opts.report) checkOutputPath(opts.report, '--report');
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  if (shard && opts.out === undefined)
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--shard',
      message: 'a shard writes its results to a folder: give --out DIR',
    });
  if (shard && (opts.report || opts.json))
    throw new InputError(ErrorCode.InvalidOption, {
      field: opts.report ? '--report' : '--json',
      message: 'a shard writes only its shard folder; hyperfleet merge writes the summary and the report',
    });
  const catalog = loadCatalog(opts.catalog);
  const fleet = await loadFleetFile(opts.fleet, catalog);
  const expanded = expandFleet(fleet);
  const setup = fleetSetup(fleet, expanded, catalog, reference, opts.fleet);
  refusePricedPolicies(policies, setup.unpricedPools, opts.fleet);
  for (const warning of setup.warnings) process.stderr.write(`warning: ${warning}\n`);
  const devices = expanded.pools.reduce((sum, p) => sum + p.nodes * p.devicesPerNode, 0);
  const load = opts.load === undefined ? undefined : parseNumber('--load', opts.load, { positive: true });
  const target = load === undefined ? undefined : { load, devices };
  const workload = await runWorkload(
    { ...opts, seed, ...(target && { target }), listed: defrag !== undefined },
    expanded.nodes,
  );

  const simulate = (policy: PolicyName, withDefrag: boolean) => {
    const what = withDefrag ? `${policy} with defrag` : policy;
    const progress = startProgress(`simulating ${what}`, workload.podCount, 'pods');
    try {
      return runTimeSimulation({
        ...fleetSimInput(fleet, expanded, setup),
        pods: workload.podsOf(),
        policy,
        seed,
        queue,
        backfillDepth,
        preemption: opts.preemption ?? false,
        fgdWeight,
        onProgress: (done) => progress.update(done),
        ...(withDefrag ? { defrag } : {}),
      });
    } finally {
      progress.stop();
    }
  };
  // With --defrag, each policy runs without the defragmenter too, and the output compares the two.
  const tasks = runTasks(policies, defrag !== undefined);
  const positions = shard ? shardPositions(tasks.length, shard) : tasks.map((_, k) => k);
  const t0 = performance.now();
  const results = positions.map((k) => simulate(tasks[k].policy, tasks[k].withDefrag));
  const view: RunView = {
    policies,
    fleet: opts.fleet,
    workload: workload.description,
    assumptions: setup.assumptions,
    queue: opts.queue,
    preemption: opts.preemption ?? false,
    seed,
    ...(opts.defrag !== undefined && { defrag: opts.defrag }),
  };
  if (shard && opts.out !== undefined) {
    await writeRunShard(
      { ...opts, out: opts.out },
      view,
      shard,
      tasks.length,
      results,
      performance.now() - t0,
    );
    process.stderr.write(
      `shard ${shard.index} of ${shard.count}: ${results.length} of ${tasks.length} simulations; wrote ${opts.out}\n`,
    );
    return;
  }
  if (opts.json) process.stdout.write(runSummaryJson(view, results));
  else process.stdout.write(runSummaries(view, results).map(summaryText).join('\n'));
  if (opts.report) {
    await writeOutputFile(opts.report, await runReportHtml(view, results), '--report');
    process.stderr.write(`report: ${opts.report}\n`);
  }
  if (opts.out !== undefined) {
    await writeRunFolder(opts.out, view, results);
    process.stderr.write(`wrote ${opts.out}\n`);
  }
}

type RunSummary = Omit<import('../../sim/index.js').TimeSimResult, 'timeline'> & {
  workload: string;
  assumptions: string[];
  defrag?: import('../../sim/index.js').DefragFigures & { withoutDefrag: ComparedFigures };
  initial?: import('../../sim/index.js').InitialFigures;
};

/** A cost in whole USD, or "unknown" where a pool has no price (never 0). */
function whole(value: number | null): string {
  return value === null ? 'unknown' : value.toFixed(0);
}

function summaryText(r: RunSummary): string {
  const h = (s: number) => (s / 3600).toFixed(2);
  const unpriced = r.unpricedPools.length > 0 ? ` — no price for pool ${r.unpricedPools.join(', ')}` : '';
  const dh = r.deviceHours;
  const share = (x: number) => ((100 * x) / Math.max(1e-9, dh.total)).toFixed(1);
  const lines = [
    `policy ${r.policy}, seed ${r.seed}: ${r.pods} pods on ${r.devices} devices over ${(r.horizonSec / 86400).toFixed(2)} days (${r.workload})`,
    ...(r.initial
      ? [
          `started from ${r.initial.pods} running pods pinned where they run: GPU allocation ${r.initial.gpuAllocationPercent.toFixed(2)} % at 0`,
        ]
      : []),
    `placed ${r.placed}, rejected ${r.rejected} (fit no node)${r.preemptions ? `, ${r.preemptions} preemptions` : ''}`,
    `queueing delay (h)   p50 ${h(r.queueDelaySec.p50)}  p95 ${h(r.queueDelaySec.p95)}  p99 ${h(r.queueDelaySec.p99)}`,
    `completion time (h)  p50 ${h(r.jctSec.p50)}  p95 ${h(r.jctSec.p95)}  p99 ${h(r.jctSec.p99)}`,
    `device-hours ${dh.total.toFixed(0)}: allocated ${share(dh.allocated)} %, stranded ${share(dh.stranded)} %, idle ${share(dh.idle)} %`,
    `energy ${r.energyKWh.toFixed(0)} kWh; cost ${whole(r.costUsd)}${r.costUsd === null ? '' : ' USD'} (capital ${whole(r.capitalUsd)}${unpriced}, energy ${r.energyUsd.toFixed(0)})`,
    ...(r.defrag ? defragLines(r, r.defrag, r.defrag.withoutDefrag) : []),
    '',
    'per model:',
    ...Object.entries(r.perModel).map(
      ([m, f]) =>
        `  ${m.padEnd(22)} ${String(f.devices).padStart(8)} devices  allocated ${((100 * f.deviceHours.allocated) / Math.max(1e-9, f.deviceHours.total)).toFixed(1)} %  ` +
        `${f.energyKWh.toFixed(0)} kWh  ${f.costUsd === null ? 'cost unknown' : `${f.costUsd.toFixed(0)} USD`}`,
    ),
    '',
    'assumptions:',
    ...r.assumptions.map((a) => `  - ${a}`),
  ];
  return lines.join('\n') + '\n';
}
