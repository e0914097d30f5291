/**
 * End-to-end test of `hyperfleet traces fetch openb`: a real local HTTP server serves the shared openb files under
 * `/cluster-trace-gpu-v2023/csv/` (with switchable faults), and the built CLI runs as a child process against it.
 * Skipped when the shared traces are absent.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openbFileSet } from '../../src/traces/download.js';
import { projectRoot } from '../../src/traces/locate.js';
import { announceSkip, sharedOpenbDir } from '../support/shared.js';

const shared = announceSkip(sharedOpenbDir(), 'traces fetch e2e tests');
const root = projectRoot();

/** Per-file faults the server injects. */
type Fault = '404' | 'truncate' | 'html';
const faults = new Map<string, Fault>();

function startServer(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const prefix = '/cluster-trace-gpu-v2023/csv/';
    const name = decodeURIComponent((req.url ?? '').split('?')[0]);
    const file = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    const path = join(dir, file);
    const fault = faults.get(file);
    if (!file || file.includes('/') || !existsSync(path) || fault === '404') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404: Not Found');
      return;
    }
    if (fault === 'html') {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!DOCTYPE html><html><body>Rate limited</body></html>\n');
      return;
    }
    const size = statSync(path).size;
    if (fault === 'truncate') {
      // Promise more bytes than sent, then drop the connection.
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(size) });
      res.write(readFileSync(path).subarray(0, Math.floor(size / 2)), () => res.socket?.destroy());
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(size) });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** True when some compiled file is missing or older than its source. */
function distIsStale(): boolean {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? walk(join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
          ? [join(dir, e.name)]
          : [],
    );
  return walk(join(root, 'src')).some((src) => {
    const out = join(root, 'dist', relative(join(root, 'src'), src)).replace(/\.ts$/, '.js');
    return !existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs;
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a child process (asynchronously: the server lives in this process). */
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'hyperfleet.cjs'), ...args], {
      cwd: root,
      env: { ...process.env, HYPERFLEET_CACHE_DIR: join(tmp, 'cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let tmp: string;
let server: Server | undefined;
let baseUrl: string;

describe.skipIf(!shared)('hyperfleet traces fetch openb', () => {
  beforeAll(async () => {
    if (distIsStale()) {
      // tsc still emits when other modules have type errors; what matters is that our outputs exist.
      spawnSync(
        process.execPath,
        [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
        {
          cwd: root,
          stdio: 'ignore',
        },
      );
    }
    expect(existsSync(join(root, 'dist', 'cli', 'commands', 'traces-fetch.js'))).toBe(true);
    tmp = await mkdtemp(join(tmpdir(), 'hf-fetch-'));
    server = await startServer(shared!);
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const noStack = (stderr: string): void => {
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('internal error');
  };
  const partFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.part'));

  it('downloads the default set byte-identical, then skips it on a second run', async () => {
    const dir = join(tmp, 'default');
    const first = await cli('traces', 'fetch', 'openb', '--dir', dir, '--base-url', baseUrl);
    expect(first.stderr).not.toContain('✖');
    expect(first.code).toBe(0);
    const files = openbFileSet('default');
    expect(files).toHaveLength(18);
    expect(readdirSync(dir).sort()).toEqual([...files].sort());
    for (const f of files)
      expect(readFileSync(join(dir, f)).equals(readFileSync(join(shared!, f))), f).toBe(true);
    expect(first.stderr).toContain('openb_pod_list_default.csv: downloaded, 575468 bytes');
    expect(first.stdout).toBe(`openb: 18 file(s) in ${dir} (18 downloaded, 0 already present)\n`);

    const mtimes = files.map((f) => statSync(join(dir, f)).mtimeMs);
    const second = await cli('traces', 'fetch', 'openb', '--dir', dir, '--base-url', baseUrl);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`openb: 18 file(s) in ${dir} (0 downloaded, 18 already present)\n`);
    expect(second.stderr).toContain('openb_node_list_gpu_node.csv: skipped (already present), 42353 bytes');
    expect(files.map((f) => statSync(join(dir, f)).mtimeMs)).toEqual(mtimes);

    const forced = await cli(
      'traces',
      'fetch',
      'openb',
      '--dir',
      dir,
      '--base-url',
      baseUrl,
      '--files',
      'gpu_node',
      '--force',
    );
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('(1 downloaded, 0 already present)');
  });

  it('replaces a local file whose size differs from the server', async () => {
    const dir = join(tmp, 'stale');
    const first = await cli(
      'traces',
      'fetch',
      'openb',
      '--dir',
      dir,
      '--base-url',
      baseUrl,
      '--files',
      'cpu050',
    );
    expect(first.code).toBe(0);
    await writeFile(join(dir, 'openb_pod_list_cpu050.csv'), 'name,cpu_milli\n');
    const again = await cli(
      'traces',
      'fetch',
      'openb',
      '--dir',
      dir,
      '--base-url',
      baseUrl,
      '--files',
      'cpu050',
    );
    expect(again.code).toBe(0);
    expect(
      readFileSync(join(dir, 'openb_pod_list_cpu050.csv')).equals(
        readFileSync(join(shared!, 'openb_pod_list_cpu050.csv')),
      ),
    ).toBe(true);
  });

  it('HTTP 404: exit 2 naming the URL, the other files still arrive', async () => {
    const dir = join(tmp, 'missing');
    faults.set('openb_pod_list_cpu050.csv', '404');
    try {
      const run = await cli(
        'traces',
        'fetch',
        'openb',
        '--dir',
        dir,
        '--base-url',
        baseUrl,
        '--files',
        'gpu_node,cpu050',
      );
      expect(run.code).toBe(2);
      noStack(run.stderr);
      expect(run.stderr).toContain(
        `✖ ${baseUrl}/cluster-trace-gpu-v2023/csv/openb_pod_list_cpu050.csv: download failed: HTTP 404 Not Found\n`,
      );
      expect(run.stderr).toContain(
        `✖ 1 of 2 file(s) not downloaded; check the network, pass --base-url with a mirror holding ` +
          `cluster-trace-gpu-v2023/csv/, or copy the CSV files into ${dir} by hand\n`,
      );
      expect(readdirSync(dir)).toEqual(['openb_node_list_gpu_node.csv']);
    } finally {
      faults.clear();
    }
  });

  it('unreachable host: exit 2 with the reason, no stack trace', async () => {
    // A port that was just free: nothing listens there, so the connection is refused.
    const closed = await startServer(shared!);
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const dir = join(tmp, 'offline');
    const run = await cli('traces', 'fetch', 'openb', '--dir', dir, '--base-url', `http://127.0.0.1:${port}`);
    expect(run.code).toBe(2);
    noStack(run.stderr);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^✖ http:\/\/127\.0\.0\.1:\d+\/cluster-trace-gpu-v2023\/csv\/openb_\w+\.csv: download failed: cannot connect \(.*ECONNREFUSED.*\)$/,
    );
    // Once the host is known to be down the remaining files are not tried (at most one per parallel download).
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(lines.at(-1)).toMatch(/^✖ \d+ of 18 file\(s\) not downloaded; check the network, pass --base-url/);
    expect(readdirSync(dir)).toEqual([]);

    // Port 1 is one that fetch refuses to use at all; the message says so.
    const port1 = await cli('traces', 'fetch', 'openb', '--dir', dir, '--base-url', 'http://127.0.0.1:1');
    expect(port1.code).toBe(2);
    noStack(port1.stderr);
    expect(port1.stderr).toContain(
      'download failed: cannot connect (fetch refuses this port as unsafe; use another port)',
    );
  });

  it('a truncated body is refused and leaves no file', async () => {
    const dir = join(tmp, 'truncated');
    faults.set('openb_pod_list_default.csv', 'truncate');
    try {
      const run = await cli(
        'traces',
        'fetch',
        'openb',
        '--dir',
        dir,
        '--base-url',
        baseUrl,
        '--files',
        'default,gpu_node',
      );
      expect(run.code).toBe(2);
      noStack(run.stderr);
      expect(run.stderr).toMatch(
        /✖ http:.*\/openb_pod_list_default\.csv: download failed: (connection closed after \d+ of 575468 bytes|truncated: received \d+ of 575468 bytes)/,
      );
      expect(readdirSync(dir)).toEqual(['openb_node_list_gpu_node.csv']);
      expect(partFiles(dir)).toEqual([]);
    } finally {
      faults.clear();
    }
  });

  it('an HTML page served with status 200 is refused', async () => {
    const dir = join(tmp, 'html');
    faults.set('openb_node_list_gpu_node.csv', 'html');
    try {
      const run = await cli(
        'traces',
        'fetch',
        'openb',
        '--dir',
        dir,
        '--base-url',
        baseUrl,
        '--files',
        'gpu_node',
      );
      expect(run.code).toBe(2);
      noStack(run.stderr);
      expect(run.stderr).toContain(
        'download failed: not an openb CSV file: first line is "<!DOCTYPE html><html><body>Rate limited</body></html>", ' +
          'expected it to start with "sn,cpu_milli,memory_mib,gpu,model"',
      );
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      faults.clear();
    }
  });

  it('bad options exit 2 with a clear message', async () => {
    const dir = join(tmp, 'options');
    const files = await cli(
      'traces',
      'fetch',
      'openb',
      '--dir',
      dir,
      '--base-url',
      baseUrl,
      '--files',
      'cpu051',
    );
    expect(files.code).toBe(2);
    expect(files.stderr).toMatch(/^✖ --files: expected default, all, or a comma list .*, got "cpu051"\n$/);
    const url = await cli('traces', 'fetch', 'openb', '--dir', dir, '--base-url', 'ftp://example.org');
    expect(url.code).toBe(2);
    expect(url.stderr).toBe(
      `✖ --base-url: expected an http(s) URL such as https://raw.githubusercontent.com/alibaba/clusterdata/master, got "ftp://example.org"\n`,
    );
    const dataset = await cli('traces', 'fetch', 'philly');
    expect(dataset.code).toBe(2);
    expect(dataset.stderr).toContain('philly');
  });
});
