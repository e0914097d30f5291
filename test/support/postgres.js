/**
 * A real, throwaway PostgreSQL server for tests and benchmarks: `initdb` a cluster in a temporary folder, start the
 * Debian `postgres` binary on a free loopback port (fsync off: the data is thrown away), hand out databases, stop it
 * and delete the folder. Plain JavaScript (with `postgres.d.ts`) so that both vitest files and `bench/*.bench.js`
 * use the same code. PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user the
 * Debian package creates.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import process from 'node:process';
import { join } from 'node:path';

/** The folder holding `initdb`, `pg_ctl` and `postgres`: `HYPERFLEET_PG_BIN`, else the newest Debian install. */
export function postgresBinDir() {
  if (process.env.HYPERFLEET_PG_BIN) return process.env.HYPERFLEET_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : undefined;
}

/** Why no server can start here (shown in skip messages), or undefined when one can. */
export function postgresUnavailableReason() {
  const bin = postgresBinDir();
  if (!bin)
    return 'PostgreSQL is not installed (Debian package `postgresql`; `npm run test:all` installs it)';
  if (userInfo().uid === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0)
    return 'running as root without a `postgres` user to run the server as';
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
function runPg(bin, args, options = {}) {
  const asRoot = userInfo().uid === 0;
  const cmd = asRoot ? 'runuser' : bin;
  const argv = asRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
  return spawnSync(cmd, argv, { encoding: 'utf8', ...options });
}

/**
 * Starts a fresh server. Returns `{ url, port, host, databaseUrl(name), createDatabase(name), stop() }`; `url` points at
 * the `postgres` database as the superuser `hyperfleet` (trust authentication on loopback only).
 */
export async function startPostgres(options = {}) {
  const reason = postgresUnavailableReason();
  if (reason) throw new Error(`cannot start PostgreSQL: ${reason}`);
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'hyperfleet-pg-'));
  if (userInfo().uid === 0) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
  }
  const data = join(dir, 'data');
  const init = runPg(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'hyperfleet',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
  const port = options.port ?? (await freePort());
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    `-c max_connections=${options.maxConnections ?? 100}`,
  ].join(' ');
  const start = runPg(
    join(bin, 'pg_ctl'),
    ['-D', data, '-l', join(dir, 'server.log'), '-o', settings, '-w', 'start'],
    {
      timeout: 60_000,
    },
  );
  if (start.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`pg_ctl start failed (${start.status}): ${start.stderr || start.stdout}`);
  }
  const host = '127.0.0.1';
  const databaseUrl = (name) => `postgres://hyperfleet@${host}:${port}/${name}`;
  let stopped = false;
  return {
    host,
    port,
    dir,
    url: databaseUrl('postgres'),
    databaseUrl,
    /** Creates an empty database and returns its URL. */
    async createDatabase(name) {
      const r = spawnSync(join(bin, 'createdb'), ['-h', host, '-p', String(port), '-U', 'hyperfleet', name], {
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`createdb ${name} failed: ${r.stderr || r.stdout}`);
      return databaseUrl(name);
    },
    /** Stops the server at once (its data is thrown away) and deletes its folder. */
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise((resolve) => {
        const asRoot = userInfo().uid === 0;
        const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
        const child = asRoot
          ? spawn('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' })
          : spawn(join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
        child.on('exit', resolve);
        child.on('error', resolve);
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
