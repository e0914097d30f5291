/**
 * `hyperfleet serve` as a user starts it: refuses a non-loopback address, serves on a free port, answers the
 * probes, and shuts down cleanly (exit 0) on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticOpenbTrace } from '../../src/traces/synthetic-openb.js';
import { projectRoot, runCli, tempDir, writeOpenbFixture } from '../support/cli.js';
import { startServe } from '../support/serve-process.js';

let nodeFile: string;
let podFile: string;

beforeAll(() => {
  const trace = syntheticOpenbTrace(3, 10);
  ({ nodeFile, podFile } = writeOpenbFixture(tempDir('hyperfleet-serve-'), trace.nodes, trace.pods));
});

/** `hyperfleet serve` on the fixture's nodes with BestFit, and `extra` options; it must refuse before listening. */
function serveWith(...extra: string[]) {
  return runCli(['serve', '--nodes', nodeFile, '--policy', 'bestfit', ...extra]);
}

describe('hyperfleet serve', () => {
  it('refuses to listen beyond loopback without a token and TLS with a client CA', () => {
    const db = join(tempDir('hyperfleet-serve-db-'), 'state.db');
    const r = runCli(['serve', '--nodes', nodeFile, '--host', '0.0.0.0', '--policy', 'bestfit', '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--host: serving beyond loopback needs authentication and TLS/);
    const tokenOnly = runCli(
      ['serve', '--nodes', nodeFile, '--host', '0.0.0.0', '--policy', 'bestfit', '--db', db],
      { env: { HYPERFLEET_TOKEN: 'a-long-enough-token-123' } },
    );
    expect(tokenOnly.status).toBe(2);
    expect(tokenOnly.stderr).toMatch(/--client-ca/);
    expect(tokenOnly.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('refuses a bad --defrag-step-timeout, saying what it expects', () => {
    for (const [value, expected] of [
      [
        'soon',
        /--defrag-step-timeout: expected a positive duration such as 60s, 1m, 30m, 1h or 7d, got "soon"/,
      ],
      ['0', /--defrag-step-timeout: expected a positive duration/],
      ['500ms', /--defrag-step-timeout: expected a duration from 1s to 1d, such as 2m, got "500ms"/],
      ['2d', /--defrag-step-timeout: expected a duration from 1s to 1d, such as 2m, got "2d"/],
    ] as const) {
      const r = serveWith('--db', ':memory:', '--defrag-step-timeout', value);
      expect(r.status, value).toBe(2);
      expect(r.stderr, value).toMatch(expected);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('refuses a database it cannot open, without a stack trace', () => {
    const r = serveWith('--db', '/nonexistent-dir/state.db');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/✖ \/nonexistent-dir\/state\.db: --db: cannot open the database/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('refuses a --confirm mode it does not know, or watch without a kubeconfig, without a stack trace', () => {
    const base = ['serve', '--nodes', nodeFile, '--policy', 'bestfit', '--db', ':memory:'];
    const unknown = runCli([...base, '--confirm', 'sometimes']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--confirm: expected auto, bind, watch, filter, got "?sometimes/);
    const watch = runCli([...base, '--confirm', 'watch']);
    expect(watch.status).toBe(2);
    expect(watch.stderr).toMatch(
      /--confirm: watch confirms placements through the API server: give --kubeconfig/,
    );
    expect(watch.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('warns at start when neither a bind nor a kubeconfig confirms placements', async () => {
    for (const [confirm, warning] of [
      [
        [],
        /warning: neither a bind nor a kubeconfig confirms placements: each filter decision is taken as the placement/,
      ],
      [
        ['--confirm', 'bind'],
        /warning: placements are confirmed by bind calls only \(--confirm bind\): register bindVerb/,
      ],
    ] as const) {
      const serve = await startServe([
        '--nodes',
        nodeFile,
        '--policy',
        'bestfit',
        '--db',
        ':memory:',
        ...confirm,
      ]);
      await serve.stop();
      expect(serve.output()).toMatch(warning);
    }
  });

  it('serves FGD on a free port and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        join(projectRoot, 'bin/hyperfleet.cjs'),
        'serve',
        '--nodes',
        nodeFile,
        '--pods',
        podFile,
        '--port',
        '0',
        '--db',
        join(tempDir('hyperfleet-serve-db-'), 'state.db'),
      ],
      { cwd: projectRoot },
    );
    let out = '';
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    const ready = await (await fetch(`${address}/readyz`)).json();
    expect(ready).toMatchObject({ ready: true, policy: 'fgd' });
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toMatch(/SIGTERM, shutting down/);
  });
});
