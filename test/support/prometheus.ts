/**
 * Real Prometheus for tests and benchmarks: writes an OpenMetrics history, backfills it into a TSDB with
 * `promtool tsdb create-blocks-from openmetrics`, starts the Debian `prometheus` binary on a free loopback port on
 * that TSDB and waits until it is ready. No mock: the queries hyperfleet sends run on the real engine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';

export const PROMETHEUS_BIN = process.env.HYPERFLEET_PROMETHEUS ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env.HYPERFLEET_PROMTOOL ?? '/usr/bin/promtool';

export function prometheusAvailable(): boolean {
  return existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN);
}

export interface RunningPrometheus {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Backfills OpenMetrics text (ending with `# EOF`) or a file of it into `dir/data`. */
export function backfill(dir: string, openMetrics: string | { file: string }): string {
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  let file: string;
  if (typeof openMetrics === 'string') {
    file = join(dir, 'history.om');
    writeFileSync(file, openMetrics);
  } else file = openMetrics.file;
  const r = spawnSync(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', file, data], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`promtool failed (${r.status}): ${r.stderr || r.stdout}`);
  return data;
}

/**
 * Backfills recording rules over (startSec, endSec] into `outDir` with `promtool tsdb create-blocks-from rules`,
 * evaluating them on the running Prometheus at `url`. promtool runs in the rules file's folder and gets its base
 * name: the group's evaluation offset (a hash of group name and file) is then the same wherever the folder is.
 */
export function backfillRules(
  rulesFile: string,
  url: string,
  startSec: number,
  endSec: number,
  outDir: string,
): void {
  const r = spawnSync(
    PROMTOOL_BIN,
    [
      'tsdb',
      'create-blocks-from',
      'rules',
      '--start',
      String(startSec),
      '--end',
      String(endSec),
      '--url',
      url,
      '--output-dir',
      outDir,
      basename(rulesFile),
    ],
    { cwd: dirname(rulesFile), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`promtool rules failed (${r.status}): ${r.stderr || r.stdout}`);
}

/** Starts Prometheus on `dataDir` (no scrape targets) and waits for /-/ready. */
export async function startPrometheus(
  dataDir: string,
  options: { extraArgs?: string[]; timeoutMs?: number } = {},
): Promise<RunningPrometheus> {
  const port = await freePort();
  const config = join(dataDir, '..', 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${dataDir}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(options.extraArgs ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return { url, port, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`prometheus not ready within the timeout: ${stderr}`);
}

/** Builds OpenMetrics text: gauges/counters with samples given per series, sorted per series as promtool needs. */
export class OpenMetricsWriter {
  private readonly families = new Map<string, { type: string; series: Map<string, [number, number][]> }>();

  add(
    metric: string,
    type: 'gauge' | 'counter' | 'unknown',
    labels: Record<string, string>,
    t: number,
    v: number,
  ): void {
    let f = this.families.get(metric);
    if (!f) this.families.set(metric, (f = { type, series: new Map() }));
    const key = Object.entries(labels)
      .map(([k, x]) => `${k}="${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
      .join(',');
    let s = f.series.get(key);
    if (!s) f.series.set(key, (s = []));
    s.push([t, v]);
  }

  toString(): string {
    const out: string[] = [];
    for (const [name, f] of this.families) {
      out.push(`# TYPE ${name} ${f.type}`);
      // A counter's samples are written with the `_total` suffix, as OpenMetrics requires.
      const sample = f.type === 'counter' && !name.endsWith('_total') ? `${name}_total` : name;
      for (const [key, samples] of f.series) {
        samples.sort((a, b) => a[0] - b[0]);
        for (const [t, v] of samples) out.push(`${sample}{${key}} ${v} ${t}`);
      }
    }
    out.push('# EOF');
    return out.join('\n') + '\n';
  }
}
