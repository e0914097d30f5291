/**
 * Reading a shard folder back: a finished shard reads as written, and a missing, malformed or edited manifest is
 * refused as any user file is — file, line, field, what was expected and what was found.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../errors/index.js';
import { readShard, SHARD_MANIFEST_FILE, writeShard } from './shard-files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A finished shard 1 of 2 over 3 tasks (positions 1), its results holding a NaN. */
async function shard(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hyperfleet-shard-'));
  dirs.push(dir);
  await writeShard(dir, {
    command: 'run',
    shard: { index: 1, count: 2 },
    tasks: 3,
    sweep: { policies: ['fgd'] },
    inputs: [{ name: 'fleet.yaml', sha256: 'ab'.repeat(32) }],
    results: [{ waitSec: NaN }],
    wallMs: 12,
  });
  return dir;
}

async function refusal(dir: string): Promise<readonly InputIssue[]> {
  const e = await readShard(dir).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  return (e as InputError).issues;
}

/** Rewrites the manifest's text. */
function edit(dir: string, change: (text: string) => string): void {
  const file = join(dir, SHARD_MANIFEST_FILE);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('shard folders', () => {
  it('read back as written, numbers exactly', async () => {
    const s = await readShard(await shard());
    expect(s.manifest.shard).toEqual({ index: 1, count: 2 });
    expect(s.manifest.positions).toEqual([1]);
    expect(s.results).toEqual([{ waitSec: NaN }]);
  });

  it('without a manifest: the file, and what was expected', async () => {
    const dir = await shard();
    rmSync(join(dir, SHARD_MANIFEST_FILE));
    const [issue] = await refusal(dir);
    expect(issue.file).toBe(join(dir, SHARD_MANIFEST_FILE));
    expect(issue.message).toMatch(
      /^file not found \(expected a shard manifest, written by --shard i\/N --out/,
    );
  });

  it('a manifest that is not JSON: the line', async () => {
    const dir = await shard();
    edit(dir, (t) => t.replace('"tasks": 3,', '"tasks": 3,,'));
    const [issue] = await refusal(dir);
    expect(issue.line).toBe(lineOf(dir, '"tasks"'));
  });

  it('a field of the wrong type: file, line, field and what was found', async () => {
    const dir = await shard();
    edit(dir, (t) => t.replace('"tasks": 3', '"tasks": "three"'));
    const [issue] = await refusal(dir);
    expect(issue).toMatchObject({
      file: join(dir, SHARD_MANIFEST_FILE),
      line: lineOf(dir, '"tasks"'),
      field: 'tasks',
      got: 'three',
    });
  });

  it('an edited manifest: the field its own rules refuse, at its line', async () => {
    const moved = await shard();
    edit(moved, (t) => t.replace('"index": 1', '"index": 0'));
    const [positions] = await refusal(moved);
    expect(positions).toMatchObject({ field: 'positions', line: lineOf(moved, '"positions"') });
    expect(positions.message).toMatch(/not the positions of shard 0 of 2 over 3 tasks/);
    const other = await shard();
    edit(other, (t) => t.replace('"fgd"', '"bestfit"'));
    const [fingerprint] = await refusal(other);
    expect(fingerprint).toMatchObject({ field: 'fingerprint', line: lineOf(other, '"fingerprint"') });
    expect(fingerprint.message).toMatch(/the manifest was edited/);
  });
});

/** The 1-based line of the manifest on which `text` first appears. */
function lineOf(dir: string, text: string): number {
  const lines = readFileSync(join(dir, SHARD_MANIFEST_FILE), 'utf8').split('\n');
  return lines.findIndex((l) => l.includes(text)) + 1;
}
