import { describe, expect, it } from 'vitest';
import { WaitingQueue } from './waiting-queue.js';

/** An attempt that starts exactly the pods in `fits`, recording every pod it was asked about. */
function attemptOnly(fits: Iterable<number>) {
  const allowed = new Set(fits);
  const asked: number[] = [];
  return { asked, attempt: (pod: number) => (asked.push(pod), allowed.has(pod)) };
}

describe('WaitingQueue, FIFO', () => {
  it('serves in order and stops at the first pod that does not start', () => {
    const q = new WaitingQueue('fifo', 64);
    [10, 11, 12, 13].forEach((pod) => q.add(pod, 1));
    const { asked, attempt } = attemptOnly([10, 11, 13]);
    expect(q.serve(attempt)).toEqual([10, 11]);
    expect(asked).toEqual([10, 11, 12]); // 13 would start, but may not overtake 12
    expect(q.size).toBe(2);
  });

  it('serves higher levels first and holds lower levels while a higher one is blocked', () => {
    const q = new WaitingQueue('fifo', 64);
    q.add(1, 0);
    q.add(2, 2);
    q.add(3, 1);
    const blocked = attemptOnly([1, 3]);
    expect(q.serve(blocked.attempt)).toEqual([]);
    expect(blocked.asked).toEqual([2]);
    const open = attemptOnly([1, 2, 3]);
    expect(q.serve(open.attempt)).toEqual([2, 3, 1]);
    expect(q.size).toBe(0);
  });

  it('lets a new pod overtake only pods of lower levels', () => {
    const q = new WaitingQueue('fifo', 64);
    expect(q.mayOvertake(0)).toBe(true);
    q.add(7, 1);
    expect([q.mayOvertake(0), q.mayOvertake(1), q.mayOvertake(2)]).toEqual([false, false, true]);
    q.serve(() => true);
    expect(q.mayOvertake(0)).toBe(true); // served pods no longer hold anyone back
  });
});

describe('WaitingQueue, backfill', () => {
  it('goes on past pods that do not start, up to `depth` of them per level', () => {
    const q = new WaitingQueue('backfill', 2);
    [1, 2, 3, 4, 5].forEach((pod) => q.add(pod, 2));
    q.add(9, 0);
    const { asked, attempt } = attemptOnly([2, 5, 9]);
    expect(q.serve(attempt)).toEqual([2, 9]);
    // 1 and 3 do not start: the second is the depth, so 4 and 5 are not tried; level 0 is served all the same.
    expect(asked).toEqual([1, 2, 3, 9]);
    expect(q.mayOvertake(2)).toBe(true);
  });

  it('keeps the order of the pods that remain after the ones in front started', () => {
    const q = new WaitingQueue('backfill', 64);
    [1, 2, 3].forEach((pod) => q.add(pod, 1));
    q.serve((pod) => pod === 2);
    const { asked, attempt } = attemptOnly([]);
    q.serve(attempt);
    expect(asked).toEqual([1, 3]);
  });
});

describe('WaitingQueue with pods added while it serves', () => {
  it('serves pods added to a lower level (evicted ones) later in the same pass', () => {
    const q = new WaitingQueue('fifo', 64);
    q.add(1, 2);
    const started = q.serve((pod) => {
      if (pod === 1) q.add(50, 0); // pod 1 evicts pod 50 to start
      return true;
    });
    expect(started).toEqual([1, 50]);
  });
});

describe('WaitingQueue over a long run', () => {
  it('stays in order across the compaction of served entries', () => {
    const q = new WaitingQueue('fifo', 64);
    for (let pod = 0; pod < 20_000; pod++) q.add(pod, 1);
    const served: number[] = [];
    // Serve in batches of 1000, so that the line is compacted several times.
    for (let batch = 1; batch <= 20; batch++) served.push(...q.serve((pod) => pod < batch * 1000));
    expect(served).toEqual(Array.from({ length: 20_000 }, (_, pod) => pod));
    expect(q.size).toBe(0);
  });
});
