/**
 * The SQLite store on a real file: what is written is read back in order after reopening, duplicate placements
 * are refused without changing anything, and files it cannot use are refused with a clear message.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/cli.js';
import { SqliteStore, type StoredPlacement } from './store.js';

const spec = { name: 'p', cpuMilli: 1000, memMiB: 1024, gpuCount: 1, gpuMilli: 250, gpuTypes: ['T4'] };
const placement = (uid: string, name: string, node = 'a'): StoredPlacement => ({
  uid,
  namespace: 'ml',
  name,
  node,
  devices: [1],
  milliPerDevice: 250,
  spec,
  boundAt: 1700000000000,
});

describe('SqliteStore', () => {
  it('reads back nodes, placements and settings after reopening, in order', () => {
    const file = join(tempDir('hyperfleet-store-'), 'state.db');
    const a = new SqliteStore(file);
    a.upsertNodes([
      { name: 'b', cpuMilli: 1, memMiB: 1, gpuCount: 0, gpuModel: '' },
      { name: 'a', cpuMilli: 2, memMiB: 2, gpuCount: 2, gpuModel: 'T4' },
    ]);
    a.upsertNodes([{ name: 'b', cpuMilli: 9, memMiB: 9, gpuCount: 0, gpuModel: '' }]);
    a.addPlacement(placement('u2', 'p2'));
    a.addPlacement(placement('u1', 'p1'));
    a.setSetting('policy', 'fgd');
    a.close();
    const b = new SqliteStore(file);
    expect(b.loadNodes().map((n) => [n.name, n.cpuMilli])).toEqual([
      ['b', 9],
      ['a', 2],
    ]);
    expect(b.loadPlacements()).toEqual([placement('u2', 'p2'), placement('u1', 'p1')]);
    expect(b.getSetting('policy')).toBe('fgd');
    expect(b.deletePlacement('u2')).toBe(true);
    expect(b.deletePlacement('u2')).toBe(false);
    b.deleteNode('a');
    expect(b.loadPlacements()).toEqual([]);
    b.close();
  });

  it('migrates a version-1 database: its placements load without traits, new ones keep theirs', () => {
    const file = join(tempDir('hyperfleet-store-v1-'), 'state.db');
    const v1 = new Database(file);
    v1.exec(`CREATE TABLE placements (uid TEXT PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL,
      node TEXT NOT NULL, devices TEXT NOT NULL, milli_per_device INTEGER NOT NULL, spec TEXT NOT NULL,
      bound_at INTEGER NOT NULL, seq INTEGER NOT NULL)`);
    v1.prepare('INSERT INTO placements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      'u1',
      'ml',
      'p1',
      'a',
      '[1]',
      250,
      JSON.stringify(spec),
      1700000000000,
      1,
    );
    v1.pragma('user_version = 1');
    v1.close();
    const s = new SqliteStore(file);
    const traits = { qos: 'BestEffort', owner: 'Job' };
    s.addPlacement({ ...placement('u2', 'p2'), traits });
    expect(s.loadPlacements()).toEqual([placement('u1', 'p1'), { ...placement('u2', 'p2'), traits }]);
    s.close();
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(3);
    again.close();
  });

  it('refuses a second placement of the same pod and keeps the first', () => {
    const s = new SqliteStore(':memory:');
    s.addPlacement(placement('u1', 'p1'));
    expect(() => s.addPlacement(placement('u1', 'other'))).toThrow(/UNIQUE/);
    expect(() => s.addPlacement(placement('u9', 'p1'))).toThrow(/UNIQUE/);
    expect(s.loadPlacements()).toEqual([placement('u1', 'p1')]);
  });

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
