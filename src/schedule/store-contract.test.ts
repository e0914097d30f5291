/**
 * One contract, two stores: the same test body runs against the SQLite store (a real file) and the PostgreSQL
 * store (a real, throwaway PostgreSQL server; skipped with the harness's reason when none can start). Shown, for
 * each: every `Store` method's change is read back after reopening the database, in order; duplicates are refused
 * without changing anything; a database of schema version 1 or 2 is migrated keeping every row; a database of a
 * newer schema is refused with a clear message. Then the two dialects' schemas, read from each database's own
 * catalog, have the same tables and columns.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSpec } from '../model/index.js';
import { tempDir } from '../../test/support/cli.js';
import {
  postgresUnavailableReason,
  startPostgres,
  type RunningPostgres,
} from '../../test/support/postgres.js';
import { PG_MIGRATIONS, PG_SCHEMA_V1 } from './postgres-schema.js';
import { PostgresStore } from './postgres-store.js';
import {
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA_V1,
  SqliteStore,
  type Store,
  type StoredDefragPlan,
  type StoredPlacement,
} from './store.js';

/** A database of one dialect: a fresh one per test, opened (and reopened) as a store, or reached with raw SQL. */
interface Dialect {
  readonly name: string;
  /** A new, empty database. */
  fresh(): Promise<string>;
  open(db: string): Promise<Store>;
  /** Closes `store` once everything it was given is durable. */
  close(store: Store): Promise<void>;
  /** Runs statements (`?` placeholders) on the database outside any store. */
  exec(db: string, statements: readonly (readonly [string, ...unknown[]])[]): Promise<void>;
  /** The schema at `version` (1 or 2) as that hyperfleet created it, with its version recorded. */
  createAt(db: string, version: number): Promise<void>;
  /** Records `version` as the database's schema version. */
  setVersion(db: string, version: number): Promise<void>;
  version(db: string): Promise<number>;
  /** Tables of the logical schema → their columns in order (name, NOT NULL), from the database's catalog. */
  catalog(db: string): Promise<Record<string, [string, boolean][]>>;
}

const sqlite: Dialect = {
  name: 'SqliteStore',
  fresh: async () => join(tempDir('hyperfleet-contract-'), 'state.db'),
  open: async (file) => new SqliteStore(file),
  close: async (store) => store.close(),
  async exec(file, statements) {
    const db = new Database(file);
    for (const [sql, ...values] of statements) db.prepare(sql).run(...values);
    db.close();
  },
  async createAt(file, version) {
    const db = new Database(file);
    db.exec(SQLITE_SCHEMA_V1);
    for (let v = 2; v <= version; v++) db.exec(SQLITE_MIGRATIONS[v - 2]);
    db.pragma(`user_version = ${version}`);
    db.close();
  },
  async setVersion(file, version) {
    const db = new Database(file);
    db.pragma(`user_version = ${version}`);
    db.close();
  },
  async version(file) {
    const db = new Database(file);
    const v = db.pragma('user_version', { simple: true }) as number;
    db.close();
    return v;
  },
  async catalog(file) {
    const db = new Database(file);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    const out: Record<string, [string, boolean][]> = {};
    for (const { name } of tables) {
      out[name] = db
        .prepare<[], { name: string; notnull: number; pk: number }>(
          `SELECT * FROM pragma_table_info('${name}')`,
        )
        .all()
        // SQLite lets a TEXT primary key be NULL; PostgreSQL makes every primary key NOT NULL. Compared as keys.
        .map((c) => [c.name, c.notnull === 1 || c.pk > 0]);
    }
    db.close();
    return out;
  },
};

let server: RunningPostgres | undefined;
let databases = 0;

/** Runs `fn` on a client of `url`, then ends it. */
async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `?` placeholders as PostgreSQL's `$n`. */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

const postgres: Dialect = {
  name: 'PostgresStore',
  fresh: async () => server!.createDatabase(`contract_${++databases}`),
  open: (url) => PostgresStore.open(url),
  async close(store) {
    await store.flush?.();
    await (store as PostgresStore).end();
  },
  async exec(url, statements) {
    await withClient(url, async (c) => {
      for (const [sql, ...values] of statements) await c.query(numbered(sql), values);
    });
  },
  async createAt(url, version) {
    await withClient(url, async (c) => {
      await c.query(PG_SCHEMA_V1);
      for (let v = 2; v <= version; v++) await c.query(PG_MIGRATIONS[v - 2]);
      await c.query('CREATE TABLE hyperfleet_schema (version INTEGER NOT NULL)');
      await c.query('INSERT INTO hyperfleet_schema VALUES ($1)', [version]);
    });
  },
  async setVersion(url, version) {
    await withClient(url, (c) => c.query('UPDATE hyperfleet_schema SET version = $1', [version]));
  },
  async version(url) {
    return withClient(
      url,
      async (c) => (await c.query('SELECT version FROM hyperfleet_schema')).rows[0].version,
    );
  },
  async catalog(url) {
    const { rows } = await withClient(url, (c) =>
      c.query<{ table_name: string; column_name: string; is_nullable: string }>(
        `SELECT table_name, column_name, is_nullable FROM information_schema.columns
         WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
      ),
    );
    const out: Record<string, [string, boolean][]> = {};
    for (const r of rows) (out[r.table_name] ??= []).push([r.column_name, r.is_nullable === 'NO']);
    // PostgreSQL's bookkeeping (the version row, the leadership epochs) is not part of the logical schema.
    delete out.hyperfleet_schema;
    delete out.hyperfleet_leaders;
    return out;
  },
};

const reason = postgresUnavailableReason();
if (reason) console.warn(`skipping the PostgreSQL store contract: ${reason}`);

beforeAll(async () => {
  if (!reason) server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const spec = { name: 'p', cpuMilli: 1000, memMiB: 1024, gpuCount: 1, gpuMilli: 250, gpuTypes: ['T4'] };
const placement = (uid: string, name: string, node = 'a'): StoredPlacement => ({
  uid,
  namespace: 'ml',
  name,
  node,
  devices: [1],
  milliPerDevice: 250,
  spec,
  boundAt: 1700000000000 + uid.length,
});
const node = (name: string, over: Partial<NodeSpec> = {}): NodeSpec => ({
  name,
  cpuMilli: 8000,
  memMiB: 4096,
  gpuCount: 2,
  gpuModel: 'T4',
  ...over,
});
/** The row of placement('u1', 'p1') as version 1 stored it (its columns in order; version 2 adds traits). */
const placementColumnsV1 = [
  'u1',
  'ml',
  'p1',
  'a',
  '[1]',
  250,
  JSON.stringify(spec),
  placement('u1', 'p1').boundAt,
  1,
];
const plan = (id: string, createdAt: number, status = 'running'): StoredDefragPlan => ({
  id,
  createdAt,
  status,
  plan: { moves: [{ pod: 'ml/p1', to: 'b' }] },
  progress: { done: 0 },
});

describe.each([
  { dialect: sqlite, skip: false },
  { dialect: postgres, skip: reason !== undefined },
])('the Store contract: $dialect.name', ({ dialect, skip }) => {
  /** Opens a fresh database, runs `change`, closes, and returns the database reopened. */
  async function reopened(change: (s: Store) => void, db?: string): Promise<{ db: string; store: Store }> {
    const where = db ?? (await dialect.fresh());
    const s = await dialect.open(where);
    change(s);
    await dialect.close(s);
    return { db: where, store: await dialect.open(where) };
  }

  it.skipIf(skip)('reads back nodes with their descriptions, in registration order', async () => {
    const { store } = await reopened((s) => {
      s.upsertNodes([
        node('b', { gpuCount: 0, gpuModel: '' }),
        node('a', {
          pool: 'spot',
          labels: { team: 'x', 'topology.kubernetes.io/zone': 'z1' },
          cordoned: true,
        }),
        node('c', { pool: '', labels: {}, cordoned: false }),
      ]);
      // A replaced node keeps its place; its capacity and description are the new ones (here: description gone).
      s.upsertNodes([node('b', { cpuMilli: 9 }), node('a', { cpuMilli: 7 })]);
    });
    expect(store.loadNodes()).toEqual([
      node('b', { cpuMilli: 9 }),
      node('a', { cpuMilli: 7 }),
      node('c', { pool: '', labels: {}, cordoned: false }),
    ]);
    // Absent stays absent (not undefined-valued keys, not false): a node without a description reads back as before.
    expect(Object.keys(store.loadNodes()[0])).toEqual(['name', 'cpuMilli', 'memMiB', 'gpuCount', 'gpuModel']);
    await dialect.close(store);
  });

  it.skipIf(skip)('reads back placements in bind order, settings and defrag plans', async () => {
    const traits = { qos: 'BestEffort', owner: 'Job' } as const;
    const { store } = await reopened((s) => {
      s.upsertNodes([node('a'), node('b')]);
      s.addPlacement(placement('u2', 'p2'));
      s.addPlacement({ ...placement('u1', 'p1', 'b'), traits });
      s.setSetting('policy', 'fgd');
      s.setSetting('policy', 'bestfit');
      s.setSetting('other', 'x');
      s.saveDefragPlan(plan('d2', 20));
      s.saveDefragPlan(plan('d1', 10));
      // A known plan keeps its creation time and plan; status and progress change.
      s.saveDefragPlan({ ...plan('d2', 99, 'done'), plan: 'ignored', progress: { done: 1 } });
    });
    expect(store.loadPlacements()).toEqual([
      placement('u2', 'p2'),
      { ...placement('u1', 'p1', 'b'), traits },
    ]);
    expect(store.getSetting('policy')).toBe('bestfit');
    expect(store.getSetting('other')).toBe('x');
    expect(store.getSetting('absent')).toBeUndefined();
    expect(store.loadDefragPlans()).toEqual([
      plan('d1', 10),
      { ...plan('d2', 20, 'done'), progress: { done: 1 } },
    ]);
    await dialect.close(store);
  });

  it.skipIf(skip)('deletes placements and nodes (with their placements), durably', async () => {
    const { db, store } = await reopened((s) => {
      s.upsertNodes([node('a'), node('b')]);
      s.addPlacement(placement('u1', 'p1', 'a'));
      s.addPlacement(placement('u2', 'p2', 'b'));
      s.addPlacement(placement('u3', 'p3', 'a'));
    });
    expect(store.deletePlacement('u2')).toBe(true);
    expect(store.deletePlacement('u2')).toBe(false);
    store.deleteNode('a');
    await dialect.close(store);
    const again = await dialect.open(db);
    expect(again.loadNodes().map((n) => n.name)).toEqual(['b']);
    expect(again.loadPlacements()).toEqual([]);
    await dialect.close(again);
  });

  it.skipIf(skip)(
    'refuses a second placement of the same pod, keeps the first; supersede replaces it',
    async () => {
      const { db, store } = await reopened((s) => {
        s.addPlacement(placement('u1', 'p1'));
        expect(() => s.addPlacement(placement('u1', 'other'))).toThrow(/UNIQUE/);
        expect(() => s.addPlacement(placement('u9', 'p1'))).toThrow(/UNIQUE/);
        s.addPlacement(placement('u2', 'p2'));
      });
      expect(store.loadPlacements()).toEqual([placement('u1', 'p1'), placement('u2', 'p2')]);
      // The same pod re-created (new uid) on another node: its stale row goes, the new one comes last.
      store.supersedePlacement(placement('u1-new', 'p1', 'b'));
      await dialect.close(store);
      const again = await dialect.open(db);
      expect(again.loadPlacements()).toEqual([placement('u2', 'p2'), placement('u1-new', 'p1', 'b')]);
      // A placement added after reopening is ordered after every stored one.
      again.addPlacement(placement('u0', 'p0'));
      expect(again.loadPlacements().map((p) => p.uid)).toEqual(['u2', 'u1-new', 'u0']);
      await dialect.close(again);
    },
  );

  it.skipIf(skip)('migrates a version-1 database, keeping every row', async () => {
    const db = await dialect.fresh();
    await dialect.createAt(db, 1);
    await dialect.exec(db, [
      ['INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?)', 'a', 0, 8000, 4096, 2, 'T4'],
      ['INSERT INTO placements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', ...placementColumnsV1],
      ['INSERT INTO settings VALUES (?, ?)', 'policy', 'fgd'],
    ]);
    const s = await dialect.open(db);
    expect(s.loadNodes()).toEqual([node('a')]);
    expect(s.loadPlacements()).toEqual([placement('u1', 'p1')]);
    expect(s.getSetting('policy')).toBe('fgd');
    // What versions 2 and 3 added works on the migrated database.
    s.addPlacement({ ...placement('u2', 'p2'), traits: { qos: 'Guaranteed' } });
    s.upsertNodes([node('b', { pool: 'p' })]);
    s.saveDefragPlan(plan('d1', 1));
    await dialect.close(s);
    expect(await dialect.version(db)).toBe(3);
    const again = await dialect.open(db);
    expect(again.loadPlacements()).toEqual([
      placement('u1', 'p1'),
      { ...placement('u2', 'p2'), traits: { qos: 'Guaranteed' } },
    ]);
    expect(again.loadNodes()).toEqual([node('a'), node('b', { pool: 'p' })]);
    expect(again.loadDefragPlans()).toEqual([plan('d1', 1)]);
    await dialect.close(again);
  });

  it.skipIf(skip)(
    'migrates a version-2 database: nodes come back without a description until given one',
    async () => {
      const db = await dialect.fresh();
      await dialect.createAt(db, 2);
      await dialect.exec(db, [
        ['INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?)', 'a', 0, 8000, 4096, 2, 'T4'],
        ['INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?)', 'b', 1, 8000, 4096, 2, 'T4'],
        [
          'INSERT INTO placements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ...placementColumnsV1,
          '{"qos":"Burstable"}',
        ],
        [
          'INSERT INTO defrag_plans VALUES (?, ?, ?, ?, ?)',
          'd1',
          1,
          'running',
          JSON.stringify(plan('d1', 1).plan),
          '{"done":0}',
        ],
      ]);
      const s = await dialect.open(db);
      expect(s.loadNodes()).toEqual([node('a'), node('b')]);
      expect(s.loadPlacements()).toEqual([{ ...placement('u1', 'p1'), traits: { qos: 'Burstable' } }]);
      expect(s.loadDefragPlans()).toEqual([plan('d1', 1)]);
      s.upsertNodes([node('b', { labels: { k: 'v' }, cordoned: true })]);
      await dialect.close(s);
      expect(await dialect.version(db)).toBe(3);
      const again = await dialect.open(db);
      expect(again.loadNodes()).toEqual([node('a'), node('b', { labels: { k: 'v' }, cordoned: true })]);
      await dialect.close(again);
    },
  );

  it.skipIf(skip)('refuses a database of a newer schema, naming both versions', async () => {
    const db = await dialect.fresh();
    await dialect.close(await dialect.open(db));
    await dialect.setVersion(db, 99);
    await expect(dialect.open(db)).rejects.toThrow(
      /schema version 99 is newer than this hyperfleet understands \(3\); upgrade hyperfleet/,
    );
    // Nothing was changed: the version is still the newer one.
    expect(await dialect.version(db)).toBe(99);
  });
});

describe.skipIf(reason !== undefined)('the two dialects', () => {
  it('have the same tables and columns (names, order, NOT NULL), read from each catalog', async () => {
    const [lite, pgsql] = [await sqlite.fresh(), await postgres.fresh()];
    await sqlite.close(await sqlite.open(lite));
    await postgres.close(await postgres.open(pgsql));
    const fromSqlite = await sqlite.catalog(lite);
    expect(Object.keys(fromSqlite).sort()).toEqual(['defrag_plans', 'nodes', 'placements', 'settings']);
    expect(fromSqlite.nodes.map(([c]) => c)).toContain('cordoned');
    expect(await postgres.catalog(pgsql)).toEqual(fromSqlite);
  });
});
