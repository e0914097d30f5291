/**
 * @module cli/commands/merge
 * `hyperfleet merge --out DIR SHARD_DIR…`: the shards of one sweep (`experiment|run … --shard i/N --out`) put
 * back together into exactly the files the unsharded command writes. Every shard folder is read and checked first
 * (same sweep, each index once, none missing, none damaged: sim/shard-files); nothing is written unless all pass.
 */
import type { Command } from 'commander';
import { ErrorCode, InputError, type InputIssue, isInputError } from '../../errors/index.js';
import type { ShardFolder } from '../../sim/index.js';

export function register(program: Command): void {
  program
    .command('merge')
    .description(
      'combine the shard folders of one sweep (experiment|run --shard i/N --out DIR) into the files an unsharded run writes',
    )
    .argument('<shard-dirs...>', 'the folders the shards wrote (every index 0..N-1 once)')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .action(async (dirs: string[], opts: { out: string }) => {
      const { mergeShards, readShard } = await import('../../sim/index.js');
      // Every folder is read before any is refused, so one run names every damaged shard.
      const shards: ShardFolder[] = [];
      const issues: InputIssue[] = [];
      for (const dir of dirs) {
        try {
          shards.push(await readShard(dir));
        } catch (e) {
          if (!isInputError(e)) throw e;
          issues.push(...e.issues);
        }
      }
      if (issues.length > 0) throw new InputError(ErrorCode.InvalidField, issues);
      const merged = mergeShards(shards);
      if (merged.command === 'experiment') {
        const { writeMergedExperiment } = await import('./experiment-shard.js');
        await writeMergedExperiment(merged, opts.out);
      } else {
        const { writeMergedRun } = await import('./run-shard.js');
        await writeMergedRun(merged, opts.out);
      }
      process.stderr.write(
        `merged ${merged.shards} shard(s), ${merged.results.length} ${merged.command} task(s); wrote ${opts.out}\n`,
      );
    });
}
