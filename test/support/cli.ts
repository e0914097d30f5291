/**
 * Runs the built CLI (`bin/hyperfleet.cjs`, which loads dist/) as a child process, as a user would.
 * `npm test` builds dist/ before the tests run.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { NodeSpec } from '../../src/model/node.js';
import type { PodSpec } from '../../src/model/pod.js';
import { formatOpenbNodes, formatOpenbPods } from '../../src/traces/openb-format.js';

export const projectRoot = resolve(fileURLToPath(import.meta.url), '../../..');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { env?: Record<string, string> } = {}): CliRun {
  if (!existsSync(join(projectRoot, 'dist/cli/main.js')))
    throw new Error('dist/ is missing: run `npm run build`');
  const r = spawnSync(process.execPath, [join(projectRoot, 'bin/hyperfleet.cjs'), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * {@link runCli} without blocking the test's event loop: for a CLI that talks to a server running in the test
 * process (an app listening on 127.0.0.1, the stand-in API server).
 */
export function runCliAsync(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(projectRoot, 'bin/hyperfleet.cjs'), ...args],
      { cwd: projectRoot, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

export function tempDir(prefix = 'hyperfleet-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes an openb-format node list and pod list for the given specs; returns their paths. */
export function writeOpenbFixture(
  dir: string,
  nodes: readonly NodeSpec[],
  pods: readonly PodSpec[],
  podName = 'default',
) {
  const nodeFile = join(dir, 'openb_node_list_gpu_node.csv');
  const podFile = join(dir, `openb_pod_list_${podName}.csv`);
  writeFileSync(nodeFile, formatOpenbNodes(nodes));
  writeFileSync(podFile, formatOpenbPods(pods));
  return { nodeFile, podFile };
}

/** A refusal: exit 2, nothing on stdout, one ✖ line on stderr matching `pattern`, no stack trace. */
export function expectRefusal(r: CliRun, pattern: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('✖'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+|internal error/);
}
