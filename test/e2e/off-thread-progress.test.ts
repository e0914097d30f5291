/**
 * Progress of a task across the worker boundary, on the built OffThread (dist/, where its worker entry is
 * compiled): a task on a worker thread reporting many times has every report delivered, in order, before its run
 * resolves — Piscina's answer alone may overtake the last reports — and one that throws after reporting rejects
 * the run with its error, the reports before it delivered; a caller that throws on a report fails the run (not
 * the process, as an error from a port's listener would). Where the task's module is not compiled, it runs in
 * this thread with the same callback.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffThread as SourceOffThread } from '../../src/sim/off-thread.js';
import { projectRoot, tempDir } from '../support/cli.js';

type OffThreadClass = typeof SourceOffThread;
let pool: InstanceType<OffThreadClass>;
let reporter: URL;
let failing: URL;
const REPORTS = 5000;

beforeAll(async () => {
  const built = pathToFileURL(join(projectRoot, 'dist/sim/off-thread.js')).href;
  const { OffThread } = (await import(built)) as { OffThread: OffThreadClass };
  pool = new OffThread(1);
  const dir = tempDir('hyperfleet-off-thread-');
  reporter = pathToFileURL(join(dir, 'reporter.mjs'));
  writeFileSync(
    reporter,
    'export default async function (n, report) { for (let i = 0; i < n; i++) report(i); return n; }\n',
  );
  failing = pathToFileURL(join(dir, 'failing.mjs'));
  writeFileSync(
    failing,
    "export default async function (n, report) { report(n); throw new Error('task failed'); }\n",
  );
});
afterAll(async () => {
  await pool.close();
});

const notInThread = async (): Promise<never> => {
  throw new Error('ran in this thread');
};

describe('OffThread progress', () => {
  it('delivers every report of a worker, in order, before the run resolves', async () => {
    for (let round = 0; round < 3; round++) {
      const got: number[] = [];
      const result = await pool.run<number, number, number>(reporter, REPORTS, notInThread, (i) =>
        got.push(i),
      );
      expect(result).toBe(REPORTS);
      expect(got).toHaveLength(REPORTS);
      expect(got.every((v, i) => v === i)).toBe(true);
    }
  });

  it('rejects with the task’s error when it throws, after its reports', async () => {
    const got: number[] = [];
    await expect(
      pool.run<number, number, number>(failing, 7, notInThread, (i) => got.push(i)),
    ).rejects.toThrow('task failed');
    expect(got).toEqual([7]);
  });

  it('fails the run, not the process, when the caller cannot take a report', async () => {
    await expect(
      pool.run<number, number, number>(reporter, 10, notInThread, () => {
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    // The pool still runs tasks.
    expect(await pool.run<number, number, number>(reporter, 2, notInThread, () => undefined)).toBe(2);
  });

  it('runs a task whose module is not compiled in this thread, with the same callback', async () => {
    const got: string[] = [];
    const absent = pathToFileURL(join(projectRoot, 'dist/no-such-task.js'));
    const result = await new SourceOffThread(1).run<string, string, string>(
      absent,
      'x',
      async () => async (task, report) => {
        report?.(`${task}1`);
        report?.(`${task}2`);
        return 'in thread';
      },
      (p) => got.push(p),
    );
    expect(result).toBe('in thread');
    expect(got).toEqual(['x1', 'x2']);
  });
});
