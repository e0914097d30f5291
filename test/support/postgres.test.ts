/**
 * The PostgreSQL harness itself: a real server starts, accepts a connection through node-postgres, keeps what was
 * written, and is gone after stop (its folder deleted, the port closed).
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresUnavailableReason, startPostgres } from './postgres.js';

const reason = postgresUnavailableReason();
if (reason) console.warn(`skipping the PostgreSQL harness test: ${reason}`);

describe.skipIf(reason !== undefined)('throwaway PostgreSQL', () => {
  it('starts, serves a database, and stops without leaving its folder', async () => {
    const server = await startPostgres();
    try {
      const url = await server.createDatabase('harness_check');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('CREATE TABLE t (n integer)');
      await client.query('INSERT INTO t VALUES (1), (2), (3)');
      const { rows } = await client.query('SELECT sum(n)::int AS total FROM t');
      expect(rows[0].total).toBe(6);
      await client.end();
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dir)).toBe(false);
    const late = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2000 });
    await expect(late.connect()).rejects.toThrow();
  }, 60_000);
});
