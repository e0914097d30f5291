/**
 * `hyperfleet serve` replicas on a real PostgreSQL (test/support/postgres.js; skipped with the harness's reason when
 * none can start), built in this process without typical pods (no --pods, and no openb trace to be found). Shown:
 * when the policy stored by another leader becomes FGD after this replica started, the rebuild that precedes its
 * leadership refuses it with the very input error the start gives for the same database — the service ends with
 * it (`fatal`), it never leads, its store stays read-only and it lets the leader lock go.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isInputError, type InputError } from '../../errors/index.js';
import { tempDir } from '../../../test/support/cli.js';
import {
  postgresUnavailableReason,
  startPostgres,
  type RunningPostgres,
} from '../../../test/support/postgres.js';
import { parseServeOptions, type ServeOptions } from './serve-options.js';
import { buildService, type Service } from './serve-service.js';

const reason = postgresUnavailableReason();
if (reason) console.warn(`skipping the serve service tests on PostgreSQL: ${reason}`);

let server: RunningPostgres;

beforeAll(async () => {
  if (reason) return;
  // No typical pods anywhere: neither a shared openb trace nor a downloaded one.
  vi.stubEnv('HYPERFLEET_SHARED_TRACES', tempDir('hyperfleet-no-traces-'));
  vi.stubEnv('HYPERFLEET_CACHE_DIR', tempDir('hyperfleet-no-cache-'));
  server = await startPostgres();
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.stop();
});

function options(db: string): ServeOptions {
  return {
    port: '0',
    host: '127.0.0.1',
    db,
    durability: 'full',
    reservationTtl: '30',
    defragStepTimeout: '2m',
    confirm: 'auto',
    deviceProtocol: 'hyperfleet',
    // Long enough that no poll runs during the test: the election is driven by `elect`.
    leasePeriod: '60s',
  };
}

async function start(db: string): Promise<Service> {
  const opts = options(db);
  return buildService(opts, await parseServeOptions(opts));
}

async function sql(db: string, text: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(reason !== undefined)('serve on PostgreSQL without typical pods', () => {
  it('a rebuild that meets a stored FGD is refused as the start is, and lets the lock go', async () => {
    const db = await server.createDatabase('serve_fgd_rebuild');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const replica = await start(db);
      expect(replica.policy).toBe('bestfit');
      // Another leader sets FGD (it has typical pods) while this replica is not leading yet.
      await sql(db, "INSERT INTO settings (key, value) VALUES ('policy', 'fgd')");

      // What the start says for this database now.
      const atStart = await start(db).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isInputError(atStart)).toBe(true);

      await replica.elect();
      const fatal = await Promise.race([
        replica.fatal,
        new Promise((r) => setTimeout(() => r('no fatal error within 5 s'), 5000)),
      ]);
      expect(isInputError(fatal)).toBe(true);
      expect((fatal as InputError).issues).toEqual((atStart as InputError).issues);
      expect((fatal as InputError).message).toMatch(/--policy: fgd needs the typical pods of the workload/);

      const ready = await replica.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(await sql(db, "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'")).toEqual([
        { n: 0 },
      ]);
      // It wrote nothing: the policy is still the other leader's.
      expect(await sql(db, "SELECT value FROM settings WHERE key = 'policy'")).toEqual([{ value: 'fgd' }]);
      await replica.app.close();
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
  }, 30_000);
});
