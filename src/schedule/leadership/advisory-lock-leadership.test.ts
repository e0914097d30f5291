/**
 * The advisory-lock leadership on a real PostgreSQL (test/support/postgres.js; skipped with the harness's reason
 * when none can start). Two replicas share a database. Shown:
 * - a replica that takes the lock but whose rebuild then throws lets the lock go (no advisory lock is left on its
 *   session) and stays a read-only follower, so the other replica can lead;
 * - the same when leadership is lost in the middle of the rebuild (held open with a promise): the store turns
 *   read-only at once, what the rest of the rebuild writes never reaches the database, and the lock is let go;
 * - a leader that lost leadership (a failed commit) and keeps its session leads again at its next poll without
 *   taking the lock twice: once it lets go, the other replica can lead.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  postgresUnavailableReason,
  startPostgres,
  type RunningPostgres,
} from '../../../test/support/postgres.js';
import { PostgresStore } from '../postgres-store.js';
import { AdvisoryLockLeadership } from './advisory-lock-leadership.js';

const reason = postgresUnavailableReason();
if (reason) console.warn(`skipping the advisory-lock leadership tests: ${reason}`);

let server: RunningPostgres;
const opened: PostgresStore[] = [];
const leaderships: AdvisoryLockLeadership[] = [];

beforeAll(async () => {
  if (!reason) server = await startPostgres();
}, 60_000);

afterEach(async () => {
  for (const l of leaderships.splice(0)) await l.stop();
  for (const s of opened.splice(0)) await s.end();
});

afterAll(async () => {
  await server?.stop();
});

/** A replica on `db`: its store and its leadership (not started), with a long period so that no poll interferes. */
async function replica(db: string, name: string, rebuild: (leader: boolean) => Promise<void>) {
  const store = await PostgresStore.open(db);
  opened.push(store);
  const log: string[] = [];
  const leadership = new AdvisoryLockLeadership(store, {
    replica: name,
    periodMs: 600_000,
    rebuild,
    log: (m) => log.push(m),
  });
  leaderships.push(leadership);
  return { store, leadership, log };
}

/** How many advisory locks are held on `db` (a lock taken twice by one session counts once), read from outside. */
async function advisoryLocks(db: string): Promise<number> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks
       WHERE locktype = 'advisory' AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

/** The policy stored in `db`, read from outside the replicas. */
async function storedPolicy(db: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const { rows } = await client.query<{ value: string }>("SELECT value FROM settings WHERE key = 'policy'");
    return rows[0]?.value;
  } finally {
    await client.end();
  }
}

const noRebuild = async (): Promise<void> => undefined;

describe.skipIf(reason !== undefined)('AdvisoryLockLeadership on PostgreSQL', () => {
  it('a replica whose rebuild fails lets the lock go, so that another can lead', async () => {
    const db = await server.createDatabase('lock_rebuild_fails');
    const a = await replica(db, 'a', async (leader) => {
      if (leader) throw new Error('the rebuild failed');
    });
    await a.leadership.start();
    expect(a.leadership.isLeader()).toBe(false);
    expect(a.store.readOnly).toBe(true);
    expect(a.log.join('\n')).toMatch(/replica a could not become the leader: the rebuild failed/);
    expect(await advisoryLocks(db)).toBe(0);

    const b = await replica(db, 'b', noRebuild);
    await b.leadership.start();
    expect(b.leadership.isLeader()).toBe(true);
    expect(b.store.readOnly).toBe(false);
    expect(await advisoryLocks(db)).toBe(1);
  });

  it('leadership lost in the middle of the rebuild: read-only at once, nothing written, the lock let go', async () => {
    const db = await server.createDatabase('lock_lost_rebuilding');
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let started: () => void = () => undefined;
    const rebuilding = new Promise<void>((r) => (started = r));
    const a = await replica(db, 'a', async (leader) => {
      if (!leader) return;
      started();
      await held;
      // The end of a leader's rebuild stores the policy; a replica that lost leadership keeps it in memory.
      a.store.setSetting('policy', 'packing');
      await a.store.flush();
    });
    const first = a.leadership.start();
    await rebuilding;
    expect(a.store.readOnly).toBe(false);
    a.leadership.lose('a commit failed');
    expect(a.store.readOnly).toBe(true);
    release();
    await first;

    expect(a.leadership.isLeader()).toBe(false);
    expect(a.store.readOnly).toBe(true);
    expect(a.store.getSetting('policy')).toBe('packing');
    expect(await storedPolicy(db)).toBeUndefined();
    expect(await advisoryLocks(db)).toBe(0);
    const b = await replica(db, 'b', noRebuild);
    await b.leadership.start();
    expect(b.leadership.isLeader()).toBe(true);
  });

  it('a leader that lost leadership leads again on its session without taking the lock twice', async () => {
    const db = await server.createDatabase('lock_lead_again');
    let failNext = false;
    const a = await replica(db, 'a', async (leader) => {
      if (leader && failNext) throw new Error('the rebuild failed');
    });
    await a.leadership.start();
    expect(a.leadership.isLeader()).toBe(true);
    a.leadership.lose('a commit failed');
    expect(a.store.readOnly).toBe(true);
    // Its next poll: the lock is still its own, so it rebuilds and leads again (a new epoch).
    await (a.leadership as unknown as { tick(): Promise<void> }).tick();
    expect(a.leadership.isLeader()).toBe(true);
    expect(a.leadership.epoch()).toBe('2');
    expect(await advisoryLocks(db)).toBe(1);

    // One unlock lets it go: the lock was not taken twice on the session.
    a.leadership.lose('a commit failed');
    failNext = true;
    await (a.leadership as unknown as { tick(): Promise<void> }).tick();
    expect(a.leadership.isLeader()).toBe(false);
    expect(await advisoryLocks(db)).toBe(0);
    const b = await replica(db, 'b', noRebuild);
    await b.leadership.start();
    expect(b.leadership.isLeader()).toBe(true);
  });
});
