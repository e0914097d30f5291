/**
 * @module sim/shard-files
 * A shard's result folder and the checks that put a sweep back together. A shard writes `results.json` (its raw
 * per-task results, numbers kept exactly: sim/lossless-json) and then `manifest.json`, which names the whole sweep
 * (the command, its parameters, digests of its input files, the number of tasks), the shard's index and count, the
 * fingerprint of the sweep, and the digest of `results.json`; a folder with no manifest is a shard that has not
 * finished. Merging reads every folder, refuses shards of different sweeps, missing, duplicate or damaged ones, and
 * gives the results back in the sweep's task order, as one unsharded process would have produced them.
 */
import { createHash } from 'node:crypto';
import { rm, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z, type ZodType } from 'zod';
import { ErrorCode, InputError, type InputIssue, issuesOfZod, MAX_ISSUES } from '../errors/index.js';
import { type PathIssue, readInputFile, readInputText, UserDocument } from '../input/index.js';
import { parseLossless, stringifyLossless } from './lossless-json.js';
import { MAX_SHARDS, type Shard, shardPositions } from './shard-spec.js';

export const SHARD_FORMAT = 'hyperfleet-shard/1';
export const SHARD_MANIFEST_FILE = 'manifest.json';
export const SHARD_RESULTS_FILE = 'results.json';

/** The commands whose work can be split into shards. */
export type SweepCommand = 'experiment' | 'run';

/** An input file of the sweep, by content: shards may read it from different paths. */
export interface SweepInput {
  readonly name: string;
  readonly sha256: string;
}

const ShardManifestSchema = z.object({
  format: z.literal(SHARD_FORMAT),
  command: z.enum(['experiment', 'run']),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  shard: z.object({
    index: z.number().int().min(0),
    count: z.number().int().min(1).max(MAX_SHARDS),
  }),
  tasks: z.number().int().min(0),
  positions: z.array(z.number().int().min(0)),
  sweep: z.record(z.string(), z.unknown()),
  inputs: z.array(z.object({ name: z.string(), sha256: z.string() })),
  results: z.object({ file: z.literal(SHARD_RESULTS_FILE), sha256: z.string() }),
  wallMs: z.number().min(0),
});
export type ShardManifest = z.infer<typeof ShardManifestSchema>;

/** What one shard computed, as it is written. */
export interface ShardOutput {
  readonly command: SweepCommand;
  readonly shard: Shard;
  /** Tasks of the whole sweep. */
  readonly tasks: number;
  /** The whole sweep's parameters (what every shard was given). */
  readonly sweep: Readonly<Record<string, unknown>>;
  readonly inputs: readonly SweepInput[];
  /** This shard's results, in the order of its positions (sim/shard-spec). */
  readonly results: readonly unknown[];
  readonly wallMs: number;
}

/** A shard folder as read back. */
export interface ShardFolder {
  readonly dir: string;
  readonly manifest: ShardManifest;
  readonly results: readonly unknown[];
}

/** The sweep put back together. */
export interface MergedSweep {
  readonly command: SweepCommand;
  readonly sweep: Readonly<Record<string, unknown>>;
  readonly inputs: readonly SweepInput[];
  readonly shards: number;
  /** Every task's result, in the sweep's task order. */
  readonly results: readonly unknown[];
  /** The shards' compute time, added up. */
  readonly wallMs: number;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A digest of a file's content, named by its base name (`file` only labels the sweep's input list). */
export async function sweepInput(path: string, name: string): Promise<SweepInput> {
  return { name, sha256: sha256(readInputFile(path, { what: 'an input file of the sweep' })) };
}

/** The fingerprint of a sweep: its command, parameters, input contents and task count (not the shard count). */
export function sweepFingerprint(
  command: SweepCommand,
  sweep: Readonly<Record<string, unknown>>,
  inputs: readonly SweepInput[],
  tasks: number,
): string {
  return sha256(JSON.stringify({ format: SHARD_FORMAT, command, sweep, inputs, tasks }));
}

/** Writes a shard's folder (created if missing): results first, the manifest last. */
export async function writeShard(dir: string, out: ShardOutput): Promise<ShardManifest> {
  const positions = shardPositions(out.tasks, out.shard);
  if (positions.length !== out.results.length)
    throw new Error(
      `shard ${out.shard.index}/${out.shard.count}: ${out.results.length} results for ${positions.length} tasks`,
    );
  await mkdir(dir, { recursive: true });
  // A retried pod may find its earlier attempt's files: the folder is a finished shard again only at the end.
  await rm(join(dir, SHARD_MANIFEST_FILE), { force: true });
  const resultsText = stringifyLossless({ results: out.results });
  await writeFile(join(dir, SHARD_RESULTS_FILE), resultsText);
  const manifest: ShardManifest = {
    format: SHARD_FORMAT,
    command: out.command,
    fingerprint: sweepFingerprint(out.command, out.sweep, out.inputs, out.tasks),
    shard: { index: out.shard.index, count: out.shard.count },
    tasks: out.tasks,
    positions,
    sweep: { ...out.sweep },
    inputs: [...out.inputs],
    results: { file: SHARD_RESULTS_FILE, sha256: sha256(resultsText) },
    wallMs: Math.round(out.wallMs),
  };
  await writeFile(join(dir, SHARD_MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function damaged(file: string, message: string): InputError {
  return new InputError(ErrorCode.InvalidField, { file, message });
}

/** The manifest's own rules beyond its schema: a shard of its count, its positions, an unedited fingerprint. */
function manifestIssues(manifest: ShardManifest): PathIssue[] {
  const { index, count } = manifest.shard;
  if (index >= count)
    return [
      { path: ['shard', 'index'], message: `shard index ${index} is not below the shard count ${count}` },
    ];
  const issues: PathIssue[] = [];
  const expected = shardPositions(manifest.tasks, manifest.shard);
  if (JSON.stringify(expected) !== JSON.stringify(manifest.positions))
    issues.push({
      path: ['positions'],
      message: `not the positions of shard ${index} of ${count} over ${manifest.tasks} tasks`,
    });
  if (
    manifest.fingerprint !==
    sweepFingerprint(manifest.command, manifest.sweep, manifest.inputs, manifest.tasks)
  )
    issues.push({
      path: ['fingerprint'],
      message: 'does not match the sweep the manifest names (the manifest was edited)',
    });
  return issues;
}

/** Reads one shard folder; an {@link InputError} names the file, line and field, and what is wrong. */
export async function readShard(dir: string): Promise<ShardFolder> {
  const manifestFile = join(dir, SHARD_MANIFEST_FILE);
  const what = 'a shard manifest, written by --shard i/N --out';
  const text = readInputText(manifestFile, {
    what,
    hint: 'a shard that has not finished has none',
  });
  const doc = UserDocument.parse(text, manifestFile, { syntax: 'json', what });
  const manifest = doc.validate(ShardManifestSchema);
  const problems = manifestIssues(manifest);
  if (problems.length > 0) doc.fail(problems);
  const resultsFile = join(dir, SHARD_RESULTS_FILE);
  const resultsText = readInputText(resultsFile, {
    what: `the shard's results, named by ${SHARD_MANIFEST_FILE}`,
  });
  if (sha256(resultsText) !== manifest.results.sha256)
    throw damaged(
      resultsFile,
      `content does not match the digest in ${SHARD_MANIFEST_FILE} (damaged or from another run)`,
    );
  // The digest vouches for the text: read it losslessly (NaN, ±Infinity, -0 kept), not as a user document.
  let parsed: unknown;
  try {
    parsed = parseLossless(resultsText);
  } catch (e) {
    throw damaged(resultsFile, `not JSON: ${(e as Error).message}`);
  }
  const results = (parsed as { results?: unknown } | null)?.results;
  const expected = manifest.positions.length;
  if (!Array.isArray(results) || results.length !== expected)
    throw damaged(resultsFile, `expected ${expected} results`);
  return { dir, manifest, results };
}

/** The top-level parameters in which two sweeps differ (for the message that refuses to mix them). */
function differences(a: ShardManifest, b: ShardManifest): string[] {
  const keys = new Set([...Object.keys(a.sweep), ...Object.keys(b.sweep)]);
  const differ = [...keys].filter((k) => JSON.stringify(a.sweep[k]) !== JSON.stringify(b.sweep[k]));
  if (JSON.stringify(a.inputs) !== JSON.stringify(b.inputs)) differ.push('input files');
  if (a.tasks !== b.tasks) differ.push('task count');
  return differ;
}

/**
 * Checks that `shards` are every shard of one sweep, each once, and returns the sweep with its results in task
 * order. Every problem found is one issue of the {@link InputError}: shards of another sweep (which parameters
 * differ), of another shard count, given twice, missing.
 */
export function mergeShards(shards: readonly ShardFolder[]): MergedSweep {
  if (shards.length === 0)
    throw new InputError(ErrorCode.InvalidOption, {
      field: 'SHARD_DIR',
      message: 'give at least one shard folder',
    });
  const first = shards[0];
  const { count } = first.manifest.shard;
  const issues: InputIssue[] = [];
  const byIndex = new Map<number, ShardFolder>();
  for (const s of shards) {
    const m = s.manifest;
    if (m.command !== first.manifest.command || m.fingerprint !== first.manifest.fingerprint) {
      const differ =
        m.command !== first.manifest.command
          ? [`command (${m.command}, not ${first.manifest.command})`]
          : differences(first.manifest, m);
      issues.push({
        file: s.dir,
        message: `a shard of another sweep than ${first.dir} (differs in ${differ.join(', ') || 'its fingerprint'})`,
      });
      continue;
    }
    if (m.shard.count !== count) {
      issues.push({
        file: s.dir,
        message: `shard ${m.shard.index} of ${m.shard.count}, but ${first.dir} is a shard of ${count}`,
      });
      continue;
    }
    const twin = byIndex.get(m.shard.index);
    if (twin)
      issues.push({
        file: s.dir,
        message: `shard ${m.shard.index} of ${count} given twice (also ${twin.dir})`,
      });
    else byIndex.set(m.shard.index, s);
  }
  if (issues.length === 0) {
    const missing: number[] = [];
    for (let i = 0; i < count; i++) if (!byIndex.has(i)) missing.push(i);
    for (const i of missing.slice(0, MAX_ISSUES)) issues.push({ message: `missing shard ${i} of ${count}` });
    if (missing.length > MAX_ISSUES)
      issues.push({ message: `${missing.length - MAX_ISSUES} more shard(s) missing` });
  }
  if (issues.length > 0) throw new InputError(ErrorCode.InvalidOption, issues);
  const results: unknown[] = new Array(first.manifest.tasks);
  let wallMs = 0;
  for (const s of byIndex.values()) {
    s.manifest.positions.forEach((k, j) => (results[k] = s.results[j]));
    wallMs += s.manifest.wallMs;
  }
  return {
    command: first.manifest.command,
    sweep: first.manifest.sweep,
    inputs: first.manifest.inputs,
    shards: count,
    results,
    wallMs,
  };
}

function checked<T>(schema: ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new InputError(ErrorCode.InvalidField, issuesOfZod(parsed.error.issues, field));
}

/**
 * A merged sweep's parameters and results checked against the shapes the command reads (a shard written by another
 * version of hyperfleet may differ); an {@link InputError} names the field.
 */
export function checkedMerge<S, R>(
  merged: MergedSweep,
  sweep: ZodType<S>,
  result: ZodType<R>,
): { readonly sweep: S; readonly results: R[] } {
  return {
    sweep: checked(sweep, merged.sweep, 'sweep'),
    results: merged.results.map((r, k) => checked(result, r, `results.${k}`)),
  };
}
