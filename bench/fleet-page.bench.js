// What: the dashboard's Fleet page in headless Chromium (Debian's, through playwright-core) on a generated fleet of
// 100,000 nodes (5 pools × 4 device models, 8 or 4 devices a node, 600,000 devices) served in this process by the
// real app (dist/), about half the devices allocated by pods adopted as the Kubernetes sync adopts bound pods, 1 %
// of the nodes cordoned. Measured:
//   (a) first render: from navigation to the heat map drawn (its canvas marks itself ready), and the DOM then —
//       the length of document.documentElement.outerHTML and Chromium's DOM node count (CDP Performance.getMetrics);
//   (b) the drill-down: a click on a node's cell until its group's first page of nodes and the node's panel
//       (devices, pods) are shown;
//   (c) the API at this size: GET /v1/fleet/occupancy (the heat map's data), GET /v1/nodes?limit=500 (first page,
//       a page deep in the fleet by cursor, and filtered by pool, model and state), median of 10 each.
// Screenshots go to out/fleet-page/ (printed). Targets (issue 17): first render ≤ 2 s, DOM ≤ 5 MB.
// HYPERFLEET_BENCH_NODES=N changes the fleet size. Needs `npm run build` (dist/ and dist/web).
/* global fetch, document */
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../dist/server/app.js';
import { createPolicy } from '../dist/policies/registry.js';
import { GoRand } from '../dist/rng/go-rand.js';
import { median, printTable, projectRoot } from './support.js';

const NODES = Number(process.env.HYPERFLEET_BENCH_NODES ?? 100_000);
const CHROMIUM = process.env.HYPERFLEET_CHROMIUM ?? '/usr/bin/chromium';
const POOLS = ['batch', 'inference', 'spot', 'train-a', 'train-b'];
const MODELS = [
  ['H100', 8],
  ['A100', 8],
  ['L40S', 4],
  ['T4', 4],
];

if (!existsSync(CHROMIUM)) {
  console.log(`fleet-page bench skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  process.exit(0);
}

function generatedFleet() {
  const rng = new GoRand(17);
  const nodes = [];
  for (let i = 0; i < NODES; i++) {
    const [model, gpuCount] = MODELS[i % MODELS.length];
    nodes.push({
      name: `node-${String(i).padStart(6, '0')}`,
      cpuMilli: 128_000,
      memMiB: 1_048_576,
      gpuCount,
      gpuModel: model,
      pool: POOLS[rng.intn(POOLS.length)],
      labels: { zone: `z${i % 3}` },
      ...(rng.intn(100) === 0 && { cordoned: true }),
    });
  }
  return { nodes, rng };
}

/** Pods adopted on each node (whole devices, and a shared one): about half the devices allocated. */
function fill(app, nodes, rng) {
  let uid = 0;
  for (const n of nodes) {
    const whole = rng.intn(n.gpuCount + 1);
    const adopt = (devices, gpuMilli) => {
      uid++;
      const outcome = app.live.adopt({
        uid: `u${uid}`,
        namespace: 'bench',
        name: `p${uid}`,
        node: n.name,
        devices,
        spec: {
          name: `p${uid}`,
          cpuMilli: 1000,
          memMiB: 1024,
          gpuCount: devices.length,
          gpuMilli,
          gpuTypes: [],
        },
      });
      if (!outcome.ok) throw new Error(outcome.reason);
    };
    if (whole > 0) adopt([...Array(whole).keys()], 1000);
    if (whole < n.gpuCount && rng.intn(2) === 0) adopt([whole], 250 * (1 + rng.intn(3)));
  }
  return uid;
}

/**
 * Median wall time of `runs` GETs of `path`, the median CPU time of this process for one (server and client share
 * it: a figure the machine's other load does not inflate), and the size of the answer.
 */
async function timed(base, path, runs = 10) {
  const times = [];
  const cpus = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`);
    const text = await res.text();
    times.push(performance.now() - t0);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
    bytes = text.length;
  }
  return { ms: median(times), cpuMs: median(cpus), bytes };
}

async function main() {
  const t0 = performance.now();
  const { nodes, rng } = generatedFleet();
  const app = buildApp({ nodes, policy: createPolicy('bestfit') });
  const pods = fill(app, nodes, rng);
  const setupSec = (performance.now() - t0) / 1000;
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const shots = join(projectRoot, 'out', 'fleet-page');
  mkdirSync(shots, { recursive: true });

  const api = [];
  for (const path of [
    '/v1/fleet/occupancy',
    '/v1/nodes?limit=500',
    `/v1/nodes?limit=500&cursor=node-${String(Math.floor(NODES / 2)).padStart(6, '0')}`,
    '/v1/nodes?limit=500&pool=spot&model=H100&state=partial',
    '/v1/fleet/summary',
  ]) {
    const { ms, cpuMs, bytes } = await timed(base, path);
    api.push([
      `GET ${path}`,
      `${ms.toFixed(1)} ms median of 10 (CPU ${cpuMs.toFixed(1)} ms), ${(bytes / 1024).toFixed(0)} KiB`,
    ]);
  }

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const serverCpu = process.cpuUsage();
    const navStart = performance.now();
    await page.goto(`${base}/#/fleet`);
    await page.waitForSelector('[data-testid="heatmap"][data-ready="true"]', { timeout: 60_000 });
    const firstRenderMs = performance.now() - navStart;
    const cpu = process.cpuUsage(serverCpu);
    const serverCpuMs = (cpu.user + cpu.system) / 1000;
    const cells = await page.getByTestId('heatmap').getAttribute('data-cells');
    const html = await page.evaluate(() => document.documentElement.outerHTML.length);
    const metrics = Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    );
    await page.screenshot({ path: join(shots, 'fleet-100k.png'), fullPage: true });
    await page.getByTestId('occupancy').screenshot({ path: join(shots, 'fleet-100k-heatmap.png') });

    // A cell of the first group's first row: below the group's label line (18 px).
    const canvas = page.getByTestId('heatmap');
    const box = await canvas.boundingBox();
    const drillStart = performance.now();
    await page.mouse.click(box.x + 40, box.y + 19);
    await page.getByTestId('group-nodes').locator('[data-node]').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('node-devices').waitFor({ timeout: 30_000 });
    const drillMs = performance.now() - drillStart;
    const selected = await page.locator('#node-heading').innerText();
    await page.screenshot({ path: join(shots, 'fleet-100k-drilldown.png'), fullPage: true });
    const htmlAfter = await page.evaluate(() => document.documentElement.outerHTML.length);

    printTable(
      `Fleet page, ${NODES.toLocaleString('en-US')} nodes (${pods.toLocaleString('en-US')} pods adopted; setup ${setupSec.toFixed(1)} s)`,
      [
        ['first render (navigation → heat map drawn)', `${firstRenderMs.toFixed(0)} ms (target ≤ 2000)`],
        ['  of which CPU of this process (the server)', `${serverCpuMs.toFixed(0)} ms`],
        ['machine load average (1 min) at the end', loadavg()[0].toFixed(1)],
        ['cells drawn', String(cells)],
        ['DOM, outerHTML', `${(html / 1024).toFixed(1)} KiB (target ≤ 5 MB)`],
        ['DOM nodes (CDP)', String(metrics.Nodes)],
        ['JS heap used', `${(metrics.JSHeapUsedSize / 2 ** 20).toFixed(1)} MiB`],
        ['drill-down (cell click → group page and node panel)', `${drillMs.toFixed(0)} ms, node ${selected}`],
        ['DOM after the drill-down, outerHTML', `${(htmlAfter / 1024).toFixed(1)} KiB`],
        ...api,
      ],
    );
    console.log(`\nscreenshots: ${shots}`);
  } finally {
    await browser.close();
    await app.close();
  }
}

await main();
