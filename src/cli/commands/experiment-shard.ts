/**
 * @module cli/commands/experiment-shard
 * `hyperfleet experiment --shard i/N`: the grid's tasks (sim gridTasks: workload, policy, paper then defrag
 * variants, seed) split by the rule of sim/shard-spec; each shard writes its raw results and a manifest of the whole
 * grid (sim/shard-files). `hyperfleet merge` hands the merged results back here, and the grid's own writer makes
 * the files one process would have written.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { POLICY_NAMES } from '../../policies/index.js';
import type { GridSpec, MergedSweep, Shard, SweepInput, VariantGridResult } from '../../sim/index.js';
import { OPENB_NODE_FILE, openbPodFile } from '../../traces/index.js';
import { writeExperimentOutputs } from './experiment-output.js';

/** The grid's parameters as a shard's manifest names them (everything that changes a result; not the paths). */
const ExperimentSweep = z.object({
  workloads: z.array(z.string()).min(1),
  policies: z.array(z.enum(POLICY_NAMES)).min(1),
  seeds: z.array(z.number().int()).min(1),
  tune: z.number(),
  defragMoves: z.array(z.number().int()).optional(),
  defragWorkLimit: z.number().int().optional(),
});
type ExperimentSweep = z.infer<typeof ExperimentSweep>;

/** Any double, NaN and ±Infinity included (a series has NaN cells; zod's number refuses them). */
const AnyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number');

/** What the merge reads of each result (the rest is kept as it is). */
const GridResultShape = z.looseObject({
  workload: z.string(),
  policy: z.enum(POLICY_NAMES),
  seed: z.number(),
  tune: z.number(),
  totalGpus: z.number(),
  allocation: z.array(AnyNumber),
  fragAmount: z.array(AnyNumber),
  fragRatio: z.array(AnyNumber),
  failedPods: z.number(),
  elapsedMs: z.number(),
});

type GridParameters = Omit<GridSpec, 'workers' | 'onProgress'>;

function sweepOf(g: GridParameters): ExperimentSweep {
  return {
    workloads: [...g.workloads],
    policies: [...g.policies],
    seeds: [...g.seeds],
    tune: g.tune,
    ...(g.defragMoves !== undefined && { defragMoves: [...g.defragMoves] }),
    ...(g.defragWorkLimit !== undefined && { defragWorkLimit: g.defragWorkLimit }),
  };
}

/** The trace files the grid reads, by content. */
async function gridInputs(g: GridParameters): Promise<SweepInput[]> {
  const { sweepInput } = await import('../../sim/index.js');
  const files = [OPENB_NODE_FILE, ...g.workloads.map(openbPodFile)];
  return Promise.all(files.map((f) => sweepInput(join(g.tracesDir, f), f)));
}

/** Writes shard `shard`'s folder `grid.outDir`: its `results` (of its positions among `tasks`) and the manifest. */
export async function writeExperimentShard(
  grid: GridParameters & { readonly outDir: string },
  shard: Shard,
  tasks: number,
  results: readonly VariantGridResult[],
  wallMs: number,
): Promise<void> {
  const { writeShard } = await import('../../sim/index.js');
  await writeShard(grid.outDir, {
    command: 'experiment',
    shard,
    tasks,
    sweep: sweepOf(grid),
    inputs: await gridInputs(grid),
    results,
    wallMs,
  });
}

/** Writes the grid's files for the merged shards of an experiment. */
export async function writeMergedExperiment(merged: MergedSweep, outDir: string): Promise<void> {
  const { checkedMerge } = await import('../../sim/index.js');
  const { sweep, results } = checkedMerge(merged, ExperimentSweep, GridResultShape);
  await writeExperimentOutputs(
    { ...sweep, outDir },
    results as unknown as VariantGridResult[],
    `in ${(merged.wallMs / 1000).toFixed(1)} s of compute over ${merged.shards} shard(s)`,
  );
}
