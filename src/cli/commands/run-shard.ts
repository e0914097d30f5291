/**
 * @module cli/commands/run-shard
 * `hyperfleet run --shard i/N`: what a shard of a run is. A run's simulations (run-output: each policy, and with
 * `--defrag` each once without and once with the defragmenter) are independent — same fleet, same workload, same
 * seed, nothing shared between them — so splitting them over shards is exact: merged, they are the unsharded
 * run's results. One simulation is not split: its pools share one queue and the policy chooses among all of them,
 * so a partition of the fleet by pool (or of the time by window) would change where pods land; a shard count
 * above the number of simulations leaves shards empty rather than split one.
 */
import { z } from 'zod';
import { POLICY_NAMES } from '../../policies/index.js';
import type { DefraggedTimeSimResult, MergedSweep, Shard, SweepInput } from '../../sim/index.js';
import { isSyntheticSpec } from '../../workload/index.js';
import { type RunView, writeRunFolder } from './run-output.js';

/** The options of a run that change its results, beside what its outputs show ({@link RunView}). */
const RESULT_OPTIONS = [
  'workload',
  'initial',
  'backfillDepth',
  'reference',
  'fgdWeight',
  'catalog',
  'stats',
  'load',
  'migrationCost',
  'defragMaxMoves',
] as const;
type RunOptionTexts = { readonly workload: string } & {
  readonly [K in (typeof RESULT_OPTIONS)[number]]?: string;
};

const RunSweep = z.object({
  view: z.object({
    policies: z.array(z.enum(POLICY_NAMES)).min(1),
    fleet: z.string(),
    workload: z.string(),
    assumptions: z.array(z.string()),
    queue: z.string(),
    preemption: z.boolean(),
    seed: z.number().int(),
    defrag: z.string().optional(),
  }),
  options: z.record(z.string(), z.string()),
});

/** What the merge reads of each result (the rest is kept as it is). */
const TimeResultShape = z.looseObject({
  policy: z.enum(POLICY_NAMES),
  timeline: z.looseObject({ tSec: z.array(z.number()), allocationPct: z.record(z.string(), z.unknown()) }),
});

/** The files the run reads, by content (a synthetic workload is its spec text, in the options). */
async function runInputs(fleet: string, o: RunOptionTexts): Promise<SweepInput[]> {
  const { sweepInput } = await import('../../sim/index.js');
  const files: [string, string | undefined][] = [
    ['fleet', fleet],
    ['catalog', o.catalog],
    ['workload', isSyntheticSpec(o.workload) ? undefined : o.workload],
    ['initial', o.initial],
    ['stats', o.stats],
  ];
  return Promise.all(
    files
      .filter((f): f is [string, string] => f[1] !== undefined)
      .map(([name, path]) => sweepInput(path, name)),
  );
}

/** Writes shard `shard`'s folder `o.out`: its `results` (of its positions among `tasks`) and the manifest. */
export async function writeRunShard(
  o: RunOptionTexts & { readonly out: string },
  view: RunView,
  shard: Shard,
  tasks: number,
  results: readonly DefraggedTimeSimResult[],
  wallMs: number,
): Promise<void> {
  const options: Record<string, string> = {};
  for (const key of RESULT_OPTIONS) {
    const value = o[key];
    if (value !== undefined) options[key] = value;
  }
  const { writeShard } = await import('../../sim/index.js');
  await writeShard(o.out, {
    command: 'run',
    shard,
    tasks,
    sweep: { view, options },
    inputs: await runInputs(view.fleet, o),
    results,
    wallMs,
  });
}

/** Writes the run's folder (summary and report) for the merged shards of a run. */
export async function writeMergedRun(merged: MergedSweep, outDir: string): Promise<void> {
  const { checkedMerge } = await import('../../sim/index.js');
  const { sweep, results } = checkedMerge(merged, RunSweep, TimeResultShape);
  await writeRunFolder(outDir, sweep.view, results as unknown as DefraggedTimeSimResult[]);
}
