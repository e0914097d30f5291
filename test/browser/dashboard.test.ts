/**
 * The dashboard in headless Chromium (Debian's, driven by playwright-core) against the real server started in
 * this process: a trace replay run from the UI shows, in its table and its chart, exactly the numbers the engine
 * gives for the same inputs (`runPaper`, what `hyperfleet simulate` prints); a fleet-over-time run fills the
 * Efficiency page; pods placed through the extender API appear in the Fleet page's occupancy map with their shared
 * fractions, and a node's pods open on click; every policy has the colour the HTML report gives it. Screenshots go
 * to test-artifacts/screenshots/.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { NodeSpec } from '../../src/model/node.js';
import { POLICY_NAMES, type PolicyName } from '../../src/policies/policy.js';
import { createPolicy } from '../../src/policies/registry.js';
import { typicalPods } from '../../src/policies/typical-pods.js';
import { buildApp } from '../../src/server/app.js';
import type { Pod } from '../../src/schedule/kube-pod.js';
import { runPaper } from '../../src/sim/paper-run.js';
import { syntheticOpenbTrace } from '../../src/traces/synthetic-openb.js';
import { sharedTracesDir } from '../../src/traces/locate.js';
import {
  CHROMIUM_SKIP_MESSAGE,
  ensureWebBundle,
  hasChromium,
  openDashboard,
  screenshotDir,
  writeTimedOpenbCache,
} from '../support/browser.js';
import { reportColours } from '../support/report-colours.js';

const NODES: NodeSpec[] = [
  { name: 'v100-a', cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'V100M32' },
  { name: 'v100-b', cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'V100M32' },
  { name: 't4-a', cpuMilli: 104000, memMiB: 524288, gpuCount: 2, gpuModel: 'T4' },
  { name: 't4-b', cpuMilli: 104000, memMiB: 524288, gpuCount: 2, gpuModel: 'T4' },
  { name: 'p100-a', cpuMilli: 16000, memMiB: 122880, gpuCount: 2, gpuModel: 'P100' },
  { name: 'cpu-a', cpuMilli: 64000, memMiB: 262144, gpuCount: 0, gpuModel: '' },
];

const available = hasChromium();
if (!available) console.warn(CHROMIUM_SKIP_MESSAGE);

let app: FastifyInstance;
let base: string;
let browser: Browser;
let page: Page;
const shots = screenshotDir();

describe.skipIf(!available)('dashboard in headless Chromium', () => {
  beforeAll(async () => {
    ensureWebBundle();
    // A small openb-like pod list with times, so synthetic fleet-over-time workloads fit without the real trace.
    process.env.HYPERFLEET_CACHE_DIR = writeTimedOpenbCache(mkdtempSync(join(tmpdir(), 'hyperfleet-web-')));
    // With the typical pods of a workload, the fleet page also shows fragmentation.
    const typical = typicalPods(syntheticOpenbTrace(1).pods);
    app = buildApp({ state: new ClusterState(NODES), policy: createPolicy('bestfit'), typical });
    ({ base, browser, page } = await openDashboard(app, { width: 1366, height: 860 }));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('runs a trace replay from the UI and shows the engine’s numbers in the table and the chart', async () => {
    await page.goto(`${base}/#/simulations`);
    await page.locator('select[name=workload]').selectOption('synthetic');
    await page.locator('input[name=seeds]').fill('42');
    await page.locator('input[name=tune]').fill('1.3');
    // fgd and bestfit are ticked by default.
    await expect.poll(() => page.getByRole('checkbox', { name: 'fgd' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Run' }).click();

    const table = page.getByTestId('paper-summary');
    await table.waitFor({ timeout: 30_000 });
    const trace = syntheticOpenbTrace(1);
    for (const policy of ['fgd', 'bestfit'] as const) {
      const expected = runPaper({ ...trace, policy, tune: 1.3, seed: 42 });
      const cells = await table.locator(`tr[data-policy="${policy}"] td`).allInnerTexts();
      expect(cells.slice(0, 5)).toEqual([
        expected.allocation[100].toFixed(2),
        expected.allocation[130].toFixed(2),
        expected.fragAmount[100].toFixed(2),
        expected.fragRatio[100].toFixed(2),
        expected.failedPods.toFixed(0),
      ]);
      // What the chart draws: the whole allocation curve, point for point.
      const chart = page.getByTestId('chart-allocation');
      await expect.poll(() => chart.getAttribute('data-ready')).toBe('true');
      const drawn = await chart.evaluate((el, name) => {
        const option = (el as unknown as DrawnChart).echarts.getOption();
        return option.series.find((s) => s.name === name)?.data.map((p) => p[1]);
      }, policy);
      expect(drawn).toEqual(expected.allocation);
      // …in the colour the HTML report draws the policy in.
      const colour = await chart.evaluate((el, name) => {
        const option = (el as unknown as DrawnChart).echarts.getOption();
        return option.series.find((s) => s.name === name)?.color;
      }, policy);
      expect([colour]).toEqual(reportColours().swatches.get(policy));
    }
    await expect.poll(() => page.getByTestId('announce').innerText()).toMatch(/finished/);

    // The downloads are the paper's CSV layout and the JSON of the run.
    const id = (await page.locator('table.runs tbody tr code').first().innerText()).trim();
    const csv = await (await fetch(`${base}/v1/simulations/${id}/csv?kind=allo`)).text();
    expect(csv.split('\n')[0]).toMatch(/^workload,sc_policy,tune,seed,total_gpus,0,1,/);
    expect(csv).toContain('06-FGD');
    const json = (await (await fetch(`${base}/v1/simulations/${id}/json`)).json()) as {
      result: { runs: unknown[] };
    };
    expect(json.result.runs).toHaveLength(2);
    await page.screenshot({ path: join(shots, 'simulations.png'), fullPage: true });
  });

  it('compares two runs side by side', async () => {
    await page.locator('input[name=seeds]').fill('43');
    await page.getByRole('button', { name: 'Run' }).click();
    const table = page.getByTestId('paper-summary');
    // Both runs selected: four rows (two runs × two policies) and a run column.
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBe(4);
    const expected = runPaper({ ...syntheticOpenbTrace(1), policy: 'fgd', tune: 1.3, seed: 43 });
    const rows = await table.locator('tbody tr[data-policy="fgd"]').allInnerTexts();
    expect(rows.some((r) => r.includes(expected.allocation[100].toFixed(2)))).toBe(true);
    await page.screenshot({ path: join(shots, 'simulations-compare.png'), fullPage: true });
  });

  it('shows every policy in the colour the HTML report gives it', async () => {
    const report = reportColours().swatches;
    const swatches = async () =>
      Object.fromEntries(
        await page
          .locator('fieldset.policies label')
          .evaluateAll((labels) =>
            labels.map((l) => [
              (l as unknown as Labelled).innerText.trim(),
              (l as unknown as Labelled).querySelector('.swatch').style.backgroundColor,
            ]),
          ),
      ) as Record<string, string>;
    const expected = (ids: readonly string[]) =>
      Object.fromEntries(ids.map((id) => [id, report.get(id as PolicyName)?.[0]]));
    // The trace replay lists the paper's six policies, the fleet over time all of them.
    const paper = await swatches();
    expect(Object.keys(paper)).toHaveLength(6);
    expect(mapValues(paper, rgbToHex)).toEqual(expected(Object.keys(paper)));
    await page.getByRole('radio', { name: 'Fleet over time' }).check();
    const all = await swatches();
    expect(Object.keys(all)).toEqual([...POLICY_NAMES]);
    expect(mapValues(all, rgbToHex)).toEqual(expected(POLICY_NAMES));
    await page.getByRole('radio', { name: 'Trace replay (FGD paper protocol)' }).check();
  });

  it('runs a fleet over time and shows its efficiency', async () => {
    await page.goto(`${base}/#/simulations`);
    await page.getByRole('radio', { name: 'Fleet over time' }).check();
    await page.locator('input[name=pods]').fill('1500');
    await page.locator('input[name=days]').fill('2');
    await page.getByRole('button', { name: 'Run' }).click();
    const table = page.getByTestId('time-summary');
    await table.waitFor({ timeout: 30_000 });
    const id = (await page.locator('table.runs tbody tr code').first().innerText()).trim();
    const run = (await (await fetch(`${base}/v1/simulations/${id}`)).json()) as TimeRunJson;
    expect(run.status).toBe('done');
    for (const r of run.result.runs) {
      const cells = await table.locator(`tr[data-policy="${r.policy}"] td`).allInnerTexts();
      expect(cells[0]).toBe(r.placed.toLocaleString('en-US'));
      expect(cells[0]).not.toBe('0');
    }
    await page.goto(`${base}/#/efficiency`);
    const stats = page.getByTestId('efficiency-stats');
    await stats.waitFor();
    const fgd = run.result.runs[0];
    expect(await stats.innerText()).toContain(Math.round(fgd.deviceHours.total).toLocaleString('en-US'));
    await expect.poll(() => page.getByTestId('chart-heatmap').getAttribute('data-ready')).toBe('true');
    await expect.poll(() => page.getByTestId('chart-latency').getAttribute('data-ready')).toBe('true');
    await page.screenshot({ path: join(shots, 'efficiency.png'), fullPage: true });
  });

  it('shows the cost of a pool priced nowhere as unknown, never 0, and the priced model’s cost', async () => {
    // The catalog's Zhenwu has no price; the fleet file gives none either (issue 14 item 7).
    const pool = { nodes: 2, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 };
    const res = await fetch(`${base}/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'time',
        fleet: {
          pools: [
            { name: 'zw', accelerator: 't-head-zhenwu-810e', ...pool },
            { name: 'h20', accelerator: 'nvidia-h20', ...pool },
          ],
        },
        workload: { pods: 200, days: 1 },
        policies: ['bestfit'],
      }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await expect
      .poll(async () => ((await (await fetch(`${base}/v1/simulations/${id}`)).json()) as TimeRunJson).status)
      .toBe('done');
    await page.goto(`${base}/#/efficiency`);
    await page.reload(); // the page may already be open, with the run list of before
    await page.getByLabel('Run').selectOption(id);
    const stats = page.getByTestId('efficiency-stats');
    await expect
      .poll(() => stats.innerText())
      .toMatch(/\bunknown\s+cost\s+capital unknown, energy [\d,]+; no price for pool zw/);
    const rows = page.getByTestId('model-efficiency');
    const cells = async (model: string) =>
      rows.locator('tr', { hasText: model }).locator('td').allInnerTexts();
    expect((await cells('t-head-zhenwu-810e')).at(-1)).toBe('unknown');
    expect((await cells('nvidia-h20')).at(-1)).toMatch(/^[\d,]+$/);
  });

  const genai = sharedTracesDir() && join(sharedTracesDir()!, 'alibaba-genai-v2026');
  it.skipIf(!genai || !existsSync(genai))(
    'measures the GenAI telemetry trace from the Efficiency page',
    async () => {
      await page.goto(`${base}/#/efficiency`);
      const folder = page.getByLabel('Folder on the server');
      await expect.poll(() => folder.inputValue()).toBe(genai);
      await page.getByRole('button', { name: 'Measure' }).click();
      await page.getByTestId('right-sizing').waitFor({ timeout: 30_000 });
      await expect
        .poll(() => page.getByTestId('chart-measure-heatmap').getAttribute('data-ready'))
        .toBe('true');
      await page.getByTestId('measure-result').screenshot({ path: join(shots, 'efficiency-measured.png') });
    },
  );

  it('shows pods placed through the extender API in the fleet occupancy map', async () => {
    const names = NODES.map((n) => n.name);
    const pods: Pod[] = [
      wirePod('whole-1', { gpus: '2' }),
      wirePod('whole-2', { gpus: '1', models: 'T4' }),
      wirePod('share-1', { milli: '500' }),
      wirePod('share-2', { milli: '300' }),
      wirePod('share-3', { milli: '250', models: 'T4' }),
      wirePod('cpu-1', { cpu: '8' }),
    ];
    for (const pod of pods) {
      const filter = await post('/extender/filter', { Pod: pod, Nodes: null, NodeNames: names });
      expect(filter.NodeNames).toHaveLength(1);
      const bind = await post('/extender/bind', {
        PodName: pod.metadata.name,
        PodNamespace: pod.metadata.namespace,
        PodUID: pod.metadata.uid,
        Node: filter.NodeNames[0],
      });
      expect(bind.Error).toBe('');
    }
    const nodes = ((await (await fetch(`${base}/v1/nodes`)).json()) as { nodes: unknown }).nodes as {
      name: string;
      gpuMilliLeft: number[];
    }[];

    await page.goto(`${base}/#/fleet`);
    await expect.poll(() => page.getByTestId('heatmap').getAttribute('data-ready')).toBe('true');
    expect(await page.getByTestId('heatmap').getAttribute('data-cells')).toBe(String(nodes.length));
    // Each group of the map lists its nodes with their devices, as GET /v1/nodes has them.
    const groups = page.getByTestId('groups').getByRole('button');
    const groupNodes = page.getByTestId('group-nodes');
    const shared: number[] = [];
    let seen = 0;
    for (let g = 0; g < (await groups.count()); g++) {
      const title = await groups.nth(g).locator('strong').innerText();
      await groups.nth(g).click();
      await expect.poll(() => groupNodes.locator('h2').innerText()).toBe(title);
      await expect.poll(() => groupNodes.getByTestId('group-count').innerText()).toMatch(/ on this page$/);
      const names = await groupNodes
        .locator('[data-node]')
        .evaluateAll((els) => els.map((el) => (el as unknown as Dataset).dataset.node!));
      for (const name of names) {
        const n = nodes.find((x) => x.name === name)!;
        const used = await groupNodes
          .locator(`[data-node="${name}"] .device`)
          .evaluateAll((els) => els.map((el) => Number((el as unknown as Dataset).dataset.used)));
        expect(used).toEqual(n.gpuMilliLeft.map((left) => 1000 - left));
        shared.push(
          ...(await groupNodes
            .locator(`[data-node="${name}"] .device.shared`)
            .evaluateAll((els) => els.map((el) => Number((el as unknown as Dataset).dataset.used)))),
        );
      }
      seen += names.length;
    }
    expect(seen).toBe(nodes.length);
    // The three sharing pods show as partly filled devices, with their fractions.
    expect(shared.reduce((s, v) => s + v, 0)).toBe(500 + 300 + 250);
    await expect.poll(() => page.getByTestId('fleet-stats').innerText()).toMatch(/GPU allocation/);

    // Click the node holding the 500-milli share: its pods are listed.
    const placements = ((await (await fetch(`${base}/v1/placements`)).json()) as { placements: unknown })
      .placements as {
      name: string;
      node: string;
    }[];
    const node = placements.find((p) => p.name === 'share-1')!.node;
    const group = page.getByTestId('groups').getByRole('button', {
      name: new RegExp(` · ${NODES.find((n) => n.name === node)!.gpuModel} `),
    });
    await group.click();
    await page.getByTestId('group-nodes').locator(`[data-node="${node}"]`).click();
    const panel = page.getByTestId('node-pods');
    await panel.waitFor();
    const listed = await panel.locator('tbody th').allInnerTexts();
    expect(listed.sort()).toEqual(
      placements
        .filter((p) => p.node === node)
        .map((p) => `web/${p.name}`)
        .sort(),
    );
    await expect.poll(() => page.getByTestId('chart-models').getAttribute('data-ready')).toBe('true');
    await page.screenshot({ path: join(shots, 'fleet.png'), fullPage: true });
  });
});

/** What the page's elements carry (typed here: the test's tsconfig has no DOM library). */
interface Dataset {
  dataset: Record<string, string | undefined>;
}
interface DrawnChart {
  echarts: { getOption(): { series: { name: string; data: number[][]; color?: string }[] } };
}
interface Labelled {
  innerText: string;
  querySelector(selector: string): { style: { backgroundColor: string } };
}

interface TimeRunJson {
  status: string;
  result: { runs: { policy: string; placed: number; deviceHours: { total: number } }[] };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- extender wire replies, checked field by field
async function post(path: string, body: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}

function wirePod(name: string, opts: { cpu?: string; gpus?: string; milli?: string; models?: string }): Pod {
  const annotations: Record<string, string> = {};
  if (opts.milli) annotations['hyperfleet.io/gpu-milli'] = opts.milli;
  if (opts.models) annotations['hyperfleet.io/gpu-model'] = opts.models;
  const requests: Record<string, string> = { cpu: opts.cpu ?? '4', memory: '16Gi' };
  if (opts.gpus) requests['nvidia.com/gpu'] = opts.gpus;
  return {
    metadata: { name, namespace: 'web', uid: `uid-${name}`, annotations },
    spec: { containers: [{ name: 'main', resources: { requests } }] },
  };
}

/** `rgb(213, 94, 0)` (as the browser reports a colour) → `#d55e00`. */
function rgbToHex(rgb: string): string {
  const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}
