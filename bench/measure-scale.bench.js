// What: `hyperfleet measure --prometheus` over 7 days of 100 and 1,000 GPUs at 1-minute resolution (1 M and
// 10 M utilisation samples), backfilled into the real Prometheus (Debian binary) with promtool; wall time and
// Node's peak RSS of the whole command (own process, /usr/bin/time), and how both grow with the fleet.
// Why: the target is ≤ 10 s and ≤ 512 MiB for 1,000 GPUs × 7 days, with Node memory nearly flat
// because the aggregation runs in PromQL on the server.
// The history: nodes of 8 GPUs (H100 and A100 halves), one pod per GPU per day in 4 namespaces, a diurnal
// utilisation with idle nights on a quarter of the GPUs. Only DCGM_FI_DEV_GPU_UTIL is written (no power, no
// kube-state-metrics: energy from the catalog model, equal shares), to keep the backfill within minutes.
// Recording rules (mappings/dcgm-rules.yaml) evaluate the per-step figures once per step at scrape time; for the
// backfilled history they are produced with `promtool tsdb create-blocks-from rules` (timed separately: an
// ingest-time cost, spread over the scrape in production), and measure reads the recorded series with raw range
// functions instead of step subqueries.
// The TSDB is cached in $TMPDIR/hyperfleet-measure-bench-<gpus>-v1 between runs (the recorded blocks too, keyed by
// a hash of the rules file). BENCH_SCALE=quick: 100 GPUs only.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable, projectRoot } from './support.js';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
if (!existsSync(PROMETHEUS) || !existsSync(PROMTOOL) || !existsSync('/usr/bin/time')) {
  console.log('measure-scale: skipped (needs /usr/bin/prometheus, /usr/bin/promtool and /usr/bin/time)');
  process.exit(0);
}
const FROM = Date.parse('2026-03-02T00:00:00Z') / 1000;
const DAYS = 7;
const STEP = 60;
const TO = FROM + DAYS * 86400;
const BLOCK = 7200; // one promtool run per 2-hour block: promtool 2.42 rescans its whole input per block

function utilOf(gpu, k) {
  const hour = ((k * STEP) / 3600) % 24;
  if (gpu % 4 === 0 && (hour < 7 || hour >= 22)) return 1; // idle nights
  return Math.round(30 + 25 * Math.sin((2 * Math.PI * (hour - 9)) / 24) + ((gpu * 7 + k) % 11));
}

async function writeBlock(file, gpus, t0, t1) {
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  await write('# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n');
  for (let g = 0; g < gpus; g++) {
    const host = `n${Math.floor(g / 8)}`;
    const model = g < gpus / 2 ? 'NVIDIA H100 80GB HBM3' : 'NVIDIA A100-SXM4-80GB';
    const ns = `team-${g % 4}`;
    let lines = [];
    let day = -1;
    let labels = '';
    for (let t = t0 + STEP; t <= t1; t += STEP) {
      const k = (t - FROM) / STEP;
      const d = Math.floor((t - FROM - 1) / 86400);
      if (d !== day) {
        day = d;
        labels = `Hostname="${host}",gpu="${g % 8}",UUID="GPU-${g}",modelName="${model}",namespace="${ns}",pod="p${g}-${d}"`;
        if (lines.length) {
          await write(lines.join(''));
          lines = [];
        }
      }
      lines.push(`DCGM_FI_DEV_GPU_UTIL{${labels}} ${utilOf(g, k)} ${t}\n`);
    }
    await write(lines.join(''));
  }
  await write('# EOF\n');
  await new Promise((r) => out.end(r));
}

async function ensureTsdb(gpus) {
  const dir = join(tmpdir(), `hyperfleet-measure-bench-${gpus}-v1`);
  const data = join(dir, 'data');
  if (existsSync(join(dir, 'complete'))) return { dir, data, backfillSec: 0 };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  const t0 = performance.now();
  const file = join(dir, 'block.om');
  // Blocks are written (t0, t1]: samples at FROM + k·STEP for k ≥ 1.
  for (let b = FROM; b < TO; b += BLOCK) {
    await writeBlock(file, gpus, b, b + BLOCK);
    const r = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '-q', file, data], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`promtool: ${r.stderr}`);
  }
  rmSync(file);
  writeFileSync(join(dir, 'complete'), '');
  return { dir, data, backfillSec: (performance.now() - t0) / 1000 };
}

const RULES = join(projectRoot, 'mappings', 'dcgm-rules.yaml');

/**
 * The recorded series of the rules over the history (up to the first evaluation after TO), moved into the TSDB.
 * promtool runs in mappings/ on the bare file name, so the group's evaluation offset does not depend on the path.
 */
async function ensureRules(dir, data) {
  const hash = createHash('sha256').update(readFileSync(RULES)).digest('hex').slice(0, 12);
  const marker = join(dir, `rules-${hash}`);
  if (existsSync(marker)) return { rulesSec: Number(readFileSync(marker, 'utf8')), cached: true };
  // Blocks of other rules would stay in the TSDB beside the new ones (Prometheus compacts them together).
  const stale = readdirSync(dir).filter((f) => f.startsWith('rules-') && f !== 'rules-out');
  if (stale.length > 0)
    throw new Error(
      `${dir} holds the recorded series of other rules (${stale.join(', ')}): delete it and re-run`,
    );
  const prom = await startPrometheus(dir, data);
  const out = join(dir, 'rules-out');
  rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  try {
    const r = spawnSync(
      PROMTOOL,
      [
        'tsdb',
        'create-blocks-from',
        'rules',
        '--start',
        String(FROM),
        '--end',
        String(TO + STEP),
        '--url',
        prom.url,
        '--output-dir',
        out,
        'dcgm-rules.yaml',
      ],
      { cwd: join(projectRoot, 'mappings'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status !== 0) throw new Error(`promtool rules: ${r.stderr}`);
  } finally {
    await stopPrometheus(prom);
  }
  const rulesSec = (performance.now() - t0) / 1000;
  for (const block of readdirSync(out)) renameSync(join(out, block), join(data, block));
  rmSync(out, { recursive: true, force: true });
  writeFileSync(marker, String(rulesSec));
  return { rulesSec, cached: false };
}

async function stopPrometheus(prom) {
  const exited = new Promise((r) => prom.child.once('exit', r));
  prom.child.kill('SIGTERM');
  await exited;
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startPrometheus(dir, data) {
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'scrape_configs: []\n');
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      // Backfilled blocks have no staleness markers: a lookback under the step stands in for them. The default
      // 2-minute query timeout is too short for a week of 1,000 GPUs on a busy 2-core machine.
      '--query.lookback-delta=59s',
      '--query.timeout=30m',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await globalThis.fetch(`${url}/-/ready`)).ok) return { url, child };
    } catch {
      // starting
    }
    await new Promise((r) => globalThis.setTimeout(r, 200));
  }
  child.kill();
  throw new Error('prometheus did not become ready');
}

/** Peak RSS of a process so far (VmHWM), MiB. */
function promPeakMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return NaN;
  }
}

function runMeasure(url, extra = []) {
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'HF_TIME %e %M',
      process.execPath,
      'bin/hyperfleet.cjs',
      'measure',
      '--prometheus',
      url,
      '--from',
      String(FROM),
      '--to',
      String(TO),
      '--step',
      '1m',
      '--json',
      ...extra,
    ],
    { cwd: projectRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const m = /HF_TIME ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`measure failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  return { wallSec: Number(m[1]), peakMiB: Number(m[2]) / 1024, out };
}

const sizes = process.env.BENCH_SCALE === 'quick' ? [100] : [100, 1000];
const rows = [];
let previous;
for (const gpus of sizes) {
  const { dir, data, backfillSec } = await ensureTsdb(gpus);
  const { rulesSec, cached } = await ensureRules(dir, data);
  const prom = await startPrometheus(dir, data);
  try {
    const full = runMeasure(prom.url);
    const o = full.out;
    if (!o.assumptions.some((a) => a.includes('recording rules')))
      throw new Error('measure did not read the recorded series');
    const growth = previous
      ? ` (×${(full.wallSec / previous.wallSec).toFixed(1)} time, ×${(full.peakMiB / previous.peakMiB).toFixed(2)} memory for ×${gpus / previous.gpus} GPUs)`
      : '';
    rows.push([
      `${gpus} GPUs × ${DAYS} days @ 1 min (${((gpus * DAYS * 1440) / 1e6).toFixed(1)} M samples)`,
      `measure ${full.wallSec.toFixed(1)} s (recorded series; right-sizing replay included), Node peak RSS ${full.peakMiB.toFixed(0)} MiB, Prometheus peak RSS ${promPeakMiB(prom.child.pid).toFixed(0)} MiB${growth}` +
        `; idle ${(100 * o.idleFraction).toFixed(1)} % of ${o.deviceHours.allocated.toFixed(0)} allocated h; right-sizing ${o.rightSizing?.devicesBefore} → ${o.rightSizing?.devicesAfter}` +
        `; recording rules backfill ${rulesSec.toFixed(0)} s${cached ? ' (cached)' : ''} (ingest-time cost)` +
        (backfillSec ? `; backfill ${backfillSec.toFixed(0)} s` : ''),
    ]);
    console.log(`  ${rows[rows.length - 1][0]}: ${rows[rows.length - 1][1]}`);
    previous = { gpus, ...full };
  } finally {
    await stopPrometheus(prom);
  }
}
printTable(
  'measure-scale: hyperfleet measure --prometheus over 7 days (target ≤ 10 s, ≤ 512 MiB at 1,000 GPUs)',
  rows,
);
