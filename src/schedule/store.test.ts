/**
 * What only the SQLite store has: files it cannot use are refused with a clear message. What every store does
 * (round trips, duplicates, migrations) is in store-contract.test.ts, run against SQLite and PostgreSQL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/cli.js';
import { SqliteStore } from './store.js';

describe('SqliteStore', () => {
  it('refuses a file that is not a database, and a database of a newer schema', () => {
    const dir = tempDir('hyperfleet-store-bad-');
    const text = join(dir, 'notes.db');
    writeFileSync(
      text,
      'this is not a database, just some text that is long enough to have a header\n'.repeat(20),
    );
    expect(() => new SqliteStore(text)).toThrow(/not a database/);
    const newer = join(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteStore(newer)).toThrow(
      /schema version 99 is newer than this hyperfleet understands/,
    );
  });
});
