/**
 * The run queue shared by simulations and plans: runs execute one at a time in submission order; with a waiting
 * limit, a submission while that many runs wait or run is refused as `unavailable` (503), and accepted again once
 * one finishes; a failure that is not bad input keeps a neutral message and is logged.
 */
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../errors/index.js';
import { type QueuedRun, RunQueue } from './run-queue.js';

type Run = QueuedRun<number>;

const newRun = (id: string): Run => ({ id, status: 'queued', progress: 0 });

/** A job that finishes when `finish` is called, and records when it started. */
function gate(started: string[], id: string) {
  let finish: (v: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));
  return {
    job: async () => {
      started.push(id);
      return done;
    },
    finish: (v: number) => finish(v),
  };
}

describe('RunQueue', () => {
  it('refuses a run beyond the waiting limit, and takes one again when a run finishes', async () => {
    const queue = new RunQueue<Run, number>(
      { what: 'plan', maxKept: 10, maxWaiting: 2 },
      { error: () => {} },
    );
    const started: string[] = [];
    const a = gate(started, 'a');
    const b = gate(started, 'b');
    queue.add(newRun('a'), a.job);
    queue.add(newRun('b'), b.job);
    let refusal: unknown;
    try {
      queue.add(newRun('c'), async () => 3);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(RefusedError);
    expect((refusal as RefusedError).kind).toBe('unavailable');
    expect((refusal as RefusedError).message).toContain('2 plans are queued or running');
    expect(queue.get('c')).toBeUndefined();

    a.finish(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(queue.get('a')).toMatchObject({ status: 'done', result: 1, progress: 1 });
    expect(started).toEqual(['a', 'b']); // one at a time: b starts after a
    queue.add(newRun('c'), async () => 3);
    b.finish(2);
    await queue.idle();
    expect(queue.list().map((r) => [r.id, r.status, r.result])).toEqual([
      ['c', 'done', 3],
      ['b', 'done', 2],
      ['a', 'done', 1],
    ]);
  });

  it('keeps a neutral message for an internal failure and logs it', async () => {
    const logged: unknown[] = [];
    const queue = new RunQueue<Run, number>(
      { what: 'plan', maxKept: 10 },
      { error: (o: unknown) => logged.push(o) },
    );
    queue.add(newRun('x'), async () => {
      throw new TypeError('secret internal text');
    });
    await queue.idle();
    const run = queue.get('x');
    expect(run?.status).toBe('failed');
    expect(run?.error).not.toContain('secret');
    expect(logged).toHaveLength(1);
  });
});
