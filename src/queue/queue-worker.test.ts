/**
 * One queue task on a worker (runJob), with the database and the threads stood in for: the task starts while its
 * record as running is still being written, and its outcome is stored only once that record has landed; a record
 * that fails is told in the log, and the task still runs, its progress and outcome stored.
 */
import { describe, expect, it } from 'vitest';
import type { Sql } from './queue-tables.js';
import { runJob } from './queue-worker.js';
import { decodeOutcome } from './task-outcome.js';

/** A stand-in database: each statement is noted; the running record waits for `record` to settle. */
function database(record: Promise<void>) {
  const events: string[] = [];
  const progress: unknown[] = [];
  let outcome: Buffer | undefined;
  const sql: Sql = {
    async executeSql(text, values = []) {
      if (text.includes('.running')) {
        events.push('record sent');
        await record;
        events.push('record landed');
      } else if (text.includes('.progress')) {
        progress.push(JSON.parse(values[2] as string));
      } else if (text.includes('.outcome')) {
        events.push('outcome stored');
        outcome = values[1] as Buffer;
      }
      return { rows: [] };
    },
  };
  return { sql, events, progress, outcome: () => outcome };
}

/** Threads that run a plan task at once: it reports twice and returns its input doubled. */
function threads(events: string[]) {
  return {
    async run<T, R, P>(_module: URL, task: T, _inThread: unknown, onProgress?: (p: P) => void): Promise<R> {
      events.push('task started');
      onProgress?.('phase 1' as P);
      onProgress?.('phase 2' as P);
      return { doubled: (task as { n: number }).n * 2 } as R;
    },
    close: async () => undefined,
  };
}

const job = { id: '00000000-0000-0000-0000-000000000001', data: { kind: 'plan', task: { n: 21 } } };

describe('runJob', () => {
  it('starts the task without waiting for its record, and stores the outcome after the record', async () => {
    let land: () => void = () => undefined;
    const db = database(new Promise<void>((r) => (land = r)));
    const lines: string[] = [];
    const done = runJob(db.sql, threads(db.events), job, 7, (l) => lines.push(l));
    // The task ran while the record was still on its way; the outcome waits for it.
    await new Promise((r) => setTimeout(r, 20));
    expect(db.events).toEqual(['record sent', 'task started']);
    land();
    await done;
    expect(db.events).toEqual(['record sent', 'task started', 'record landed', 'outcome stored']);
    expect(db.progress).toEqual(['phase 1', 'phase 2']);
    expect(decodeOutcome(db.outcome()!, job.id)).toEqual({ doubled: 42 });
    expect(lines.join('\n')).not.toMatch(/not recorded/);
  });

  it('a record that fails is logged; the task still runs and its progress and outcome land', async () => {
    const db = database(Promise.reject(new Error('connection reset')));
    const lines: string[] = [];
    await runJob(db.sql, threads(db.events), job, 7, (l) => lines.push(l));
    expect(lines).toContain(`task ${job.id}: not recorded as running: connection reset`);
    expect(db.events).toEqual(['record sent', 'task started', 'outcome stored']);
    expect(db.progress).toEqual(['phase 1', 'phase 2']);
    expect(decodeOutcome(db.outcome()!, job.id)).toEqual({ doubled: 42 });
  });
});
