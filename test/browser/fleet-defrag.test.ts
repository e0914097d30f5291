/**
 * The Fleet page's "make room for a pod" panel in headless Chromium against the real server started in this
 * process (with an API token): a small fleet filled through the extender API until a whole GPU fits nowhere; a
 * what-if pod entered in the panel lists exactly the moves `POST /v1/defrag` answers for the same body, and the
 * occupancy map marks the devices each move leaves and arrives on and those the pod then takes (nothing else); the
 * request and the execution carry the token; the execution's answer (a refusal on a server without a cluster) is
 * shown as the server sent it; an infeasible pod shows the server's reason and offers no execution; a refused
 * body names its field. Screenshots go to test-artifacts/screenshots/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { NodeSpec } from '../../src/model/node.js';
import { createPolicy } from '../../src/policies/registry.js';
import type { Pod } from '../../src/schedule/kube-pod.js';
import { buildApp } from '../../src/server/app.js';
import type { DefragPlan, DefragRequest, NodeDevices } from '../../web/src/types.js';
import {
  CHROMIUM_SKIP_MESSAGE,
  ensureWebBundle,
  hasChromium,
  openDashboard,
  screenshotDir,
} from '../support/browser.js';

const TOKEN = 'fleet-defrag-test-token';
const node = (name: string, gpuCount: number, gpuModel: string): NodeSpec => ({
  name,
  cpuMilli: 32000,
  memMiB: 131072,
  gpuCount,
  gpuModel,
});
/** Three one-T4 nodes and a two-V100 node: room for a whole GPU only once shared pods are moved together. */
const NODES: NodeSpec[] = [
  node('t4-a', 1, 'T4'),
  node('t4-b', 1, 'T4'),
  node('t4-c', 1, 'T4'),
  node('v100-a', 2, 'V100M32'),
];
/** Shared pods filled in, in order, on the node named (as a node selector would pin them). */
const FILL: [node: string, milli: number][] = [
  ['t4-a', 300],
  ['t4-b', 300],
  ['t4-c', 300],
  ['v100-a', 600],
  ['v100-a', 600],
];
const WHOLE_GPU = { cpuMilli: 4000, memMiB: 16384, gpuCount: 1, gpuMilli: 1000 };
/** The pod entered in the panel: two whole V100s — both V100 devices must be emptied. */
const TWO_V100 = { ...WHOLE_GPU, gpuCount: 2, gpuModels: ['V100M32'] };

const available = hasChromium();
if (!available) console.warn(CHROMIUM_SKIP_MESSAGE);

let app: FastifyInstance;
let base: string;
let browser: Browser;
let page: Page;
const shots = screenshotDir();

describe.skipIf(!available)('the Fleet page’s defrag panel in headless Chromium', () => {
  beforeAll(async () => {
    ensureWebBundle();
    app = buildApp({ nodes: NODES, policy: createPolicy('bestfit'), token: TOKEN });
    ({ base, browser, page } = await openDashboard(app, { width: 1366, height: 1000 }));
    await fillUntilWholeGpuFitsNowhere();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Fills the form with `pod` and `maxMoves`; returns the body the page then sends and the server's answer. */
  async function askPlan(
    pod: typeof WHOLE_GPU & { gpuModels?: string[] },
    maxMoves: number,
  ): Promise<{ sent: DefragRequest; status: number; answer: unknown }> {
    await page.getByLabel('GPUs').fill(String(pod.gpuCount));
    await page.getByLabel('Milli per GPU').fill(String(pod.gpuMilli));
    await page.getByLabel('CPU (milli-cores)').fill(String(pod.cpuMilli));
    await page.getByLabel('Memory (MiB)').fill(String(pod.memMiB));
    await page.getByLabel('Max moves').fill(String(maxMoves));
    for (const model of ['T4', 'V100M32'])
      await page.getByRole('checkbox', { name: model }).setChecked(pod.gpuModels?.includes(model) ?? false);
    const [request, response] = await Promise.all([
      page.waitForRequest((r) => r.url() === `${base}/v1/defrag` && r.method() === 'POST'),
      page.waitForResponse((r) => r.url() === `${base}/v1/defrag`),
      page.getByRole('button', { name: 'Find moves' }).click(),
    ]);
    expect(request.headers().authorization).toBe(`Bearer ${TOKEN}`);
    return {
      sent: request.postDataJSON() as DefragRequest,
      status: response.status(),
      answer: await response.json(),
    };
  }

  /** The marks drawn on every device of the map: "node/device" → its marks, for marked devices only. */
  async function drawnMarks(): Promise<Record<string, string>> {
    const map = page.getByTestId('occupancy');
    const marked: Record<string, string> = {};
    for (const n of NODES) {
      const marks = await map
        .locator(`[data-node="${n.name}"] .device`)
        .evaluateAll((els) => els.map((el) => (el as unknown as Dataset).dataset.marks ?? ''));
      marks.forEach((m, d) => {
        if (m) marked[`${n.name}/${d}`] = m;
      });
    }
    return marked;
  }

  it('asks for the API token, then lists the API’s moves and draws them on the map', async () => {
    await page.goto(`${base}/#/fleet`);
    await page.getByTestId('defrag-panel').waitFor();
    // Without the token the dry run (a POST) is refused, and the page says where to set it.
    await page.getByRole('button', { name: 'Find moves' }).click();
    await expect
      .poll(() => page.locator('#defrag-form-error').innerText())
      .toMatch(/Authorization: Bearer.*set an API token \(top right\)/);
    await page.getByRole('button', { name: 'API token' }).click();
    await page.getByLabel('Bearer token (kept in this tab only)').fill(TOKEN);
    await page.getByRole('button', { name: 'Save' }).click();

    const { sent, status, answer } = await askPlan(TWO_V100, 4);
    expect(sent).toEqual({ pod: TWO_V100, maxMoves: 4, allowGuaranteed: false });
    expect(status).toBe(200);
    const shown = answer as DefragPlan;
    // The server's answer for the same body, asked again from outside: the same plan (a dry run changes nothing).
    const plan = await postDefrag(sent);
    expect(shown.id).not.toBe(plan.id);
    expect({ ...shown, id: plan.id, createdAt: plan.createdAt }).toEqual(plan);
    expect(plan.feasible).toBe(true);
    expect(plan.moves).toHaveLength(2);
    expect(plan.target).toEqual({ node: 'v100-a', devices: [0, 1] });

    // The moves as listed: number, pod, from → to, cost — the API's, in its order.
    const rows = await page
      .getByTestId('defrag-moves')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText.split('\t')));
    expect(rows).toEqual(
      plan.moves.map((m, i) => [
        String(i + 1),
        `${m.namespace}/${m.name}`,
        place(m.from),
        place(m.to),
        m.cost.toFixed(2),
      ]),
    );
    expect(await page.getByTestId('defrag-plan').locator('h3').innerText()).toBe(
      `2 moves, cost ${plan.cost.toFixed(2)}`,
    );
    expect(await page.getByTestId('defrag-target').innerText()).toContain(
      `the pending pod → ${place(plan.target!)}`,
    );
    const frag = await page.getByTestId('defrag-fragmentation').innerText();
    expect(frag).toContain(plan.fragmentation!.before.toFixed(2));
    expect(frag).toContain(plan.fragmentation!.after!.toFixed(2));

    // The map: exactly the devices the moves leave and arrive on and the pod's target, each with its marks.
    const expected: Record<string, Set<string>> = {};
    const add = (p: NodeDevices, kind: string) => {
      for (const d of p.devices) (expected[`${p.node}/${d}`] ??= new Set()).add(kind);
    };
    for (const m of plan.moves) {
      add(m.from, 'leaves');
      add(m.to, 'arrives');
    }
    add(plan.target!, 'pending');
    const order = ['leaves', 'arrives', 'pending'];
    await expect
      .poll(drawnMarks)
      .toEqual(
        Object.fromEntries(
          Object.entries(expected).map(([k, v]) => [k, order.filter((o) => v.has(o)).join(' ')]),
        ),
      );
    // Both V100 devices are left by a move and then taken by the pod; the moved pods land on T4 nodes.
    expect(expected['v100-a/0']).toEqual(new Set(['leaves', 'pending']));
    expect(plan.moves.every((m) => m.to.node.startsWith('t4-'))).toBe(true);
    // Said in words too: the device's title and the node's accessible name.
    const first = plan.moves[0];
    const source = page.locator(`[data-node="${first.from.node}"]`);
    expect(await source.locator('.device').nth(first.from.devices[0]).getAttribute('title')).toContain(
      'move 1 leaves',
    );
    expect(await source.getAttribute('aria-label')).toContain(
      `move 1: ${first.namespace}/${first.name} leaves`,
    );
    expect(await page.getByRole('list', { name: 'legend' }).innerText()).toContain('the pending pod goes');
    await page.screenshot({ path: join(shots, 'fleet-defrag.png'), fullPage: true });
    await page.locator('section.map-panel').screenshot({ path: join(shots, 'fleet-defrag-map.png') });
  });

  it('executes the plan behind a confirmation, with the token, and shows the server’s answer', async () => {
    await page.getByRole('button', { name: 'Execute…' }).click();
    const confirm = page.getByRole('group', { name: /^Execute plan/ });
    await confirm.waitFor();
    // Cancel sends nothing.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await confirm.count()).toBe(0);

    await page.getByRole('button', { name: 'Execute…' }).click();
    const [request, response] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/execute')),
      page.waitForResponse((r) => r.url().endsWith('/execute')),
      page.getByRole('button', { name: 'Yes, execute' }).click(),
    ]);
    const id = await page.getByTestId('defrag-plan').locator('p code').first().innerText();
    expect(request.url()).toBe(`${base}/v1/defrag/${id}/execute`);
    expect(request.method()).toBe('POST');
    expect(request.headers().authorization).toBe(`Bearer ${TOKEN}`);
    // This server has no cluster (no kubeconfig): once the execute route exists, it refuses with 409 or 422; before
    // it (the route is built in parallel), the answer is a 404. Either way the page shows the server's message.
    const hasExecute = app.hasRoute({ method: 'POST', url: '/v1/defrag/:id/execute' });
    expect(hasExecute ? [409, 422] : [404]).toContain(response.status());
    const body = (await response.json()) as { error: string };
    const alert = page.locator('#defrag-execute-error');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain(body.error);
    expect(text).not.toMatch(/\bat .*\.(js|ts):\d+/); // no stack trace
    await page.getByTestId('defrag-panel').screenshot({ path: join(shots, 'fleet-defrag-execute.png') });
  });

  it('shows the server’s reason when no plan exists, and offers no execution', async () => {
    const { sent, answer } = await askPlan(TWO_V100, 1);
    const plan = await postDefrag(sent);
    expect((answer as DefragPlan).reason).toBe(plan.reason);
    expect(plan.feasible).toBe(false);
    expect(plan.reason).toMatch(/^impossible within 1 move/);
    await expect.poll(() => page.getByTestId('defrag-reason').innerText()).toBe(plan.reason);
    expect(await page.getByTestId('defrag-plan').locator('h3').innerText()).toBe('No plan within 1 move');
    expect(await page.getByRole('button', { name: 'Execute…' }).count()).toBe(0);
    expect(await page.getByTestId('defrag-moves').count()).toBe(0);
    await expect.poll(drawnMarks).toEqual({});
    await page.getByTestId('defrag-panel').screenshot({ path: join(shots, 'fleet-defrag-infeasible.png') });
  });

  it('names the field the server refuses', async () => {
    await page.getByLabel('Milli per GPU').fill('2000');
    await page.getByRole('button', { name: 'Find moves' }).click();
    const alert = page.locator('#defrag-form-error');
    await expect.poll(() => alert.innerText()).toContain('pod.gpuMilli');
    // A field the form itself cannot read never reaches the server.
    await page.getByLabel('GPUs').fill('two');
    await page.getByRole('button', { name: 'Find moves' }).click();
    await expect.poll(() => alert.innerText()).toBe('gpuCount: expected a whole number ≥ 0, got "two"');
  });
});

/** A place as the page prints it: "t4-a (device 0)", "v100-a (devices 0, 1)". */
function place(p: NodeDevices): string {
  return `${p.node} (${p.devices.length === 1 ? 'device' : 'devices'} ${p.devices.join(', ')})`;
}

async function call(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function postDefrag(body: DefragRequest): Promise<DefragPlan> {
  const res = await call('/v1/defrag', body);
  expect(res.status).toBe(200);
  return res.body as DefragPlan;
}

function sharingPod(name: string, milli: number): Pod {
  return {
    metadata: {
      name,
      namespace: 'ml',
      uid: `uid-${name}`,
      annotations: { 'hyperfleet.io/gpu-milli': `${milli}` },
    },
    spec: { containers: [{ name: 'main', resources: { requests: { cpu: '1', memory: '1Gi' } } }] },
  };
}

/** Binds the FILL pods through the extender, checking that a whole GPU fits until the last one and not after. */
async function fillUntilWholeGpuFitsNowhere(): Promise<void> {
  const wholeGpuFits = async () =>
    ((await call('/v1/what-if', { pods: [WHOLE_GPU] })).body as { allFit: boolean }).allFit;
  for (const [i, [nodeName, milli]] of FILL.entries()) {
    expect(await wholeGpuFits()).toBe(true);
    const pod = sharingPod(`share-${i + 1}`, milli);
    const filter = await call('/extender/filter', { Pod: pod, NodeNames: [nodeName] });
    expect((filter.body as { NodeNames: string[] }).NodeNames).toEqual([nodeName]);
    const bind = await call('/extender/bind', {
      PodName: pod.metadata.name,
      PodNamespace: 'ml',
      PodUID: pod.metadata.uid,
      Node: nodeName,
    });
    expect((bind.body as { Error: string }).Error).toBe('');
  }
  expect(await wholeGpuFits()).toBe(false);
}

/** What the page's elements carry (typed here: the test's tsconfig has no DOM library). */
interface Dataset {
  dataset: Record<string, string | undefined>;
}
