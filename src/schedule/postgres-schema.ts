/**
 * @module schedule/postgres-schema
 * The live service's schema in PostgreSQL (`serve --db postgres://…`): the same logical schema as SQLite's
 * (schedule/store: tables, columns, keys, version numbers), in PostgreSQL's types — Unix milliseconds need BIGINT,
 * where SQLite's INTEGER is 64-bit already. Version N here is version N there, and each migration is the same
 * change.
 *
 * PostgreSQL has no `user_version`: the version is the one row of `hyperfleet_schema`. Replicas starting together
 * migrate one at a time (a transaction-scoped advisory lock), so a migration runs once.
 */
import type pg from 'pg';

/** Schema version this hyperfleet writes; a database from a newer hyperfleet is refused. */
export const PG_SCHEMA_VERSION = 3;

/** Version 1 (as SQLite's; exported for the tests that migrate a database of an earlier version). */
export const PG_SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS nodes (
  name TEXT PRIMARY KEY,
  ord INTEGER NOT NULL,
  cpu_milli INTEGER NOT NULL,
  mem_mib INTEGER NOT NULL,
  gpu_count INTEGER NOT NULL,
  gpu_model TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS placements (
  uid TEXT PRIMARY KEY,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  node TEXT NOT NULL,
  devices TEXT NOT NULL,
  milli_per_device INTEGER NOT NULL,
  spec TEXT NOT NULL,
  bound_at BIGINT NOT NULL,
  seq BIGINT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS placements_by_pod ON placements (namespace, name);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * Migrations to version index + 2, as SQLite's (2: pod traits, defrag plans; 3: a node's pool, labels as JSON,
 * cordoned — INTEGER 0/1 as in SQLite, so both dialects read one row alike).
 */
export const PG_MIGRATIONS = [
  `ALTER TABLE placements ADD COLUMN traits TEXT;
   CREATE TABLE defrag_plans (
     id TEXT PRIMARY KEY,
     created_at BIGINT NOT NULL,
     status TEXT NOT NULL,
     plan TEXT NOT NULL,
     progress TEXT NOT NULL
   );`,
  `ALTER TABLE nodes ADD COLUMN pool TEXT;
   ALTER TABLE nodes ADD COLUMN labels TEXT;
   ALTER TABLE nodes ADD COLUMN cordoned INTEGER;`,
];

/**
 * Bookkeeping outside the logical schema: the version, and the leadership epochs (one row per leader elected
 * through the advisory lock: its fencing token, schedule/advisory-lock-leadership).
 */
const BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS hyperfleet_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS hyperfleet_leaders (
  epoch BIGSERIAL PRIMARY KEY,
  replica TEXT NOT NULL,
  elected_at BIGINT NOT NULL
);
`;

/** Key of the advisory lock that serialises migrations (any constant other replicas agree on). */
const MIGRATION_LOCK = 0x68660001;

/** Creates or migrates the schema in one transaction; throws when the database is from a newer hyperfleet. */
export async function migratePostgres(client: pg.Client): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(BOOKKEEPING);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM hyperfleet_schema');
    const version = rows[0]?.version ?? 0;
    if (version > PG_SCHEMA_VERSION) {
      throw new Error(
        `database schema version ${version} is newer than this hyperfleet understands (${PG_SCHEMA_VERSION}); upgrade hyperfleet`,
      );
    }
    await client.query(PG_SCHEMA_V1);
    for (let v = Math.max(version, 1) + 1; v <= PG_SCHEMA_VERSION; v++)
      await client.query(PG_MIGRATIONS[v - 2]);
    if (rows.length === 0)
      await client.query('INSERT INTO hyperfleet_schema VALUES ($1)', [PG_SCHEMA_VERSION]);
    else await client.query('UPDATE hyperfleet_schema SET version = $1', [PG_SCHEMA_VERSION]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
