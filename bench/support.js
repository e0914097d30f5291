// Shared helpers of the benchmarks: locating the offline traces, printing figures, starting queue workers.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function openbTraceDir() {
  const dir = process.env.HYPERFLEET_SHARED_TRACES
    ? join(process.env.HYPERFLEET_SHARED_TRACES, 'alibaba-gpu-v2023')
    : join(projectRoot, '..', 'shared', 'traces', 'alibaba-gpu-v2023');
  return existsSync(join(dir, 'openb_pod_list_default.csv')) ? dir : undefined;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function printTable(title, rows) {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

/**
 * Starts one `hyperfleet worker` of the checkout at `root` on the queue at `url`; resolves once it takes tasks, with
 * the process and a promise of its exit.
 */
export function startQueueWorker(root, url) {
  const child = spawn(process.execPath, [join(root, 'bin/hyperfleet.cjs'), 'worker', '--queue', url], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = new Promise((done) => child.on('exit', done));
  return new Promise((done) => {
    let text = '';
    const listen = (b) => {
      text += b;
      if (!text.includes('taking tasks')) return;
      child.stdout.off('data', listen);
      child.stdout.resume();
      done({ child, exit });
    };
    child.stdout.on('data', listen);
  });
}
