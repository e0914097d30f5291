/**
 * @module sim/shard-spec
 * Which part of a sweep one shard computes. A sweep is a list of independent tasks in a fixed order (the grid's
 * {@link gridTasks}, a run's policies); shard i of N takes the tasks whose position k satisfies k mod N = i. The
 * rule depends on the task list alone, so every shard of a sweep agrees on it without talking to the others, and
 * round-robin spreads slow and fast policies evenly over the shards (a contiguous block would give one shard all
 * the seeds of the slowest policy).
 */
import { ErrorCode, InputError } from '../errors/index.js';

/** Shard `index` of `count` (0 ≤ index < count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Most shards of one sweep: Kubernetes' own limit on an Indexed Job's completions. */
export const MAX_SHARDS = 100_000;

/** The variable Kubernetes sets in each pod of an Indexed Job: the pod's completion index. */
export const COMPLETION_INDEX_VARIABLE = 'JOB_COMPLETION_INDEX';

const EXPECTED = `i/N with N from 1 to ${MAX_SHARDS} and 0 ≤ i < N (e.g. 0/4), or /N to take i from ${COMPLETION_INDEX_VARIABLE}`;

function whole(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * Reads `--shard`: `i/N`, or `/N` (also `$(JOB_COMPLETION_INDEX)/N`, as written in a pod spec whose variable was not
 * expanded) with i from the environment's {@link COMPLETION_INDEX_VARIABLE}. Throws an {@link InputError} naming
 * the option (or the variable) and what was found.
 */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const refuse = (got: string, field = '--shard', expected = EXPECTED) =>
    new InputError(ErrorCode.InvalidOption, { field, expected, got });
  const match = /^\s*([^/]*)\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw refuse(text);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) throw refuse(text);
  const written = match[1].trim();
  let index: number | undefined;
  if (written === '' || written === `$(${COMPLETION_INDEX_VARIABLE})`) {
    const fromEnv = env[COMPLETION_INDEX_VARIABLE];
    if (fromEnv === undefined)
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--shard',
        message: `"${text}" takes the shard index from ${COMPLETION_INDEX_VARIABLE}, which is not set (give i/N, or run in a pod of an Indexed Job)`,
      });
    index = whole(fromEnv.trim());
    if (index === undefined || index >= count)
      throw refuse(
        fromEnv,
        COMPLETION_INDEX_VARIABLE,
        `a whole number from 0 to ${count - 1} (--shard ${text})`,
      );
  } else {
    index = whole(written);
    if (index === undefined || index >= count) throw refuse(text);
  }
  return { index, count };
}

/** The positions of `shard`'s tasks among `total` (ascending). */
export function shardPositions(total: number, shard: Shard): number[] {
  const positions: number[] = [];
  for (let k = shard.index; k < total; k += shard.count) positions.push(k);
  return positions;
}
