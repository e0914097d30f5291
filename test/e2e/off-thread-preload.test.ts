/**
 * Loading a task module ahead of the first task (OffThread.preload), on the built OffThread (dist/, where its
 * worker entries are compiled), for a pool that keeps its threads as a queue worker's does. Shown:
 * - every thread loads the module once, and the tasks that follow run on those threads without loading it again;
 * - a module that cannot load makes `preload` reject at once with a clear message (the module's path and its
 *   error), neither ending the process nor hanging, and the pool still runs other tasks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OffThread as SourceOffThread } from '../../src/sim/off-thread.js';
import { projectRoot, tempDir } from '../support/cli.js';

type OffThreadClass = typeof SourceOffThread;
let OffThread: OffThreadClass;
let dir: string;
/** A task module that notes each thread loading it (one line per load) and answers with that thread's id. */
let counted: URL;
let broken: URL;
let good: URL;

beforeAll(async () => {
  const built = pathToFileURL(join(projectRoot, 'dist/sim/off-thread.js')).href;
  ({ OffThread } = (await import(built)) as { OffThread: OffThreadClass });
  dir = tempDir('hyperfleet-preload-');
  counted = pathToFileURL(join(dir, 'counted.mjs'));
  writeFileSync(
    counted,
    [
      "import { appendFileSync } from 'node:fs';",
      "import { threadId } from 'node:worker_threads';",
      `appendFileSync(${JSON.stringify(join(dir, 'loads.txt'))}, threadId + '\\n');`,
      'export default async function () { return threadId; }',
    ].join('\n'),
  );
  broken = pathToFileURL(join(dir, 'broken.mjs'));
  writeFileSync(broken, "throw new Error('a dependency is missing');\n");
  good = pathToFileURL(join(dir, 'good.mjs'));
  writeFileSync(good, 'export default async function (n) { return n * 2; }\n');
});

const notInThread = async (): Promise<never> => {
  throw new Error('ran in this thread');
};

/** The threads that have loaded `counted`, one entry per load. */
const loads = (): number[] => readFileSync(join(dir, 'loads.txt'), 'utf8').trim().split('\n').map(Number);

describe('OffThread.preload', () => {
  it('loads the module once on every thread; the tasks that follow do not load it again', async () => {
    const pool = new OffThread(3, { keepThreads: true });
    try {
      await pool.preload(counted);
      const preloaded = loads();
      expect(preloaded).toHaveLength(3);
      expect(new Set(preloaded).size).toBe(3);
      const ran = await Promise.all(
        Array.from({ length: 9 }, () => pool.run<void, number>(counted, undefined, notInThread)),
      );
      expect(preloaded).toEqual(expect.arrayContaining([...new Set(ran)]));
      expect(loads()).toEqual(preloaded);
    } finally {
      await pool.close();
    }
  });

  it('a module that cannot load rejects with its path and error, at once, and the pool still runs', async () => {
    const pool = new OffThread(2, { keepThreads: true });
    try {
      const started = Date.now();
      await expect(pool.preload(broken)).rejects.toThrow(
        `the worker threads cannot load ${join(dir, 'broken.mjs')}: a dependency is missing`,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await pool.run<number, number>(good, 21, notInThread)).toBe(42);
    } finally {
      await pool.close();
    }
  });
});
