/**
 * The Fleet page at fleet scale in headless Chromium: 10,000 generated nodes (pools × models, allocations adopted as
 * the Kubernetes sync adopts bound pods, some nodes cordoned) served by the real app. The heat map draws one cell per
 * node while the DOM stays small (under 5 MB by the bound, and in fact independent of the fleet: no element
 * per node); a click on a given node's cell opens that node (its devices as GET /v1/nodes/{name} has them) and its
 * group's page starting at it (the nodes GET /v1/nodes lists after it, in order); the next page follows the
 * cursor; the state filter narrows the map to what /v1/fleet/occupancy answers. The 100,000-node figures are
 * measured in bench/fleet-page.bench.js. Screenshots go to test-artifacts/screenshots/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { NodeSpec } from '../../src/model/node.js';
import { createPolicy } from '../../src/policies/registry.js';
import { GoRand } from '../../src/rng/go-rand.js';
import { buildApp } from '../../src/server/app.js';
import type { FleetNode, FleetOccupancy } from '../../web/src/types.js';
import { cellAt, heatMapLayout } from '../../web/src/pages/fleet/heatmap-layout.js';
import { PAGE_SIZE } from '../../web/src/pages/fleet/paging.js';
import {
  CHROMIUM_SKIP_MESSAGE,
  ensureWebBundle,
  hasChromium,
  openDashboard,
  screenshotDir,
} from '../support/browser.js';

const COUNT = 10_000;
const MAX_DOM = 5 * 1024 * 1024;

/** Nodes over 3 pools × 2 models, some cordoned; then pods adopted on about half the devices. */
function generatedFleet(app: FastifyInstance, nodes: NodeSpec[], rng: GoRand): void {
  let uid = 0;
  for (const n of nodes) {
    const used = rng.intn(n.gpuCount + 1);
    if (used === 0) continue;
    uid++;
    const outcome = app.live.adopt({
      uid: `u${uid}`,
      namespace: 'scale',
      name: `p${uid}`,
      node: n.name,
      devices: [...Array(used).keys()],
      spec: { name: `p${uid}`, cpuMilli: 1000, memMiB: 1024, gpuCount: used, gpuMilli: 1000, gpuTypes: [] },
    });
    expect(outcome.ok).toBe(true);
  }
}

const available = hasChromium();
if (!available) console.warn(CHROMIUM_SKIP_MESSAGE);

let app: FastifyInstance;
let base: string;
let browser: Browser;
let page: Page;
const shots = screenshotDir();

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${base}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

describe.skipIf(!available)('the Fleet page at 10,000 nodes in headless Chromium', () => {
  beforeAll(async () => {
    ensureWebBundle();
    const rng = new GoRand(5);
    const nodes: NodeSpec[] = Array.from({ length: COUNT }, (_, i) => ({
      name: `n${String((i * 7919) % COUNT).padStart(5, '0')}`,
      cpuMilli: 64_000,
      memMiB: 524_288,
      gpuCount: i % 2 === 0 ? 8 : 4,
      gpuModel: i % 2 === 0 ? 'H100' : 'L40S',
      pool: ['batch', 'serve', 'spot'][rng.intn(3)],
      ...(rng.intn(50) === 0 && { cordoned: true }),
    }));
    app = buildApp({ nodes, policy: createPolicy('bestfit') });
    generatedFleet(app, nodes, rng);
    ({ base, browser, page } = await openDashboard(app, { width: 1366, height: 1000 }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws a cell per node with a DOM that does not grow with the fleet', async () => {
    await page.goto(`${base}/#/fleet`);
    const map = page.getByTestId('heatmap');
    await expect.poll(() => map.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    expect(await map.getAttribute('data-cells')).toBe(String(COUNT));
    const occupancy = await get<FleetOccupancy>('/v1/fleet/occupancy');
    expect(await page.getByTestId('groups').getByRole('button').count()).toBe(occupancy.groups.length);
    const html = await page.evaluate<number>('document.documentElement.outerHTML.length');
    expect(html).toBeLessThan(MAX_DOM);
    // No element per node: the whole page is smaller than one short line per node would be.
    expect(html).toBeLessThan(COUNT * 20);
    const elements = await page.evaluate<number>("document.getElementsByTagName('*').length");
    expect(elements).toBeLessThan(COUNT / 10);
    await page.getByTestId('occupancy').screenshot({ path: join(shots, 'fleet-scale-heatmap.png') });
  });

  it('opens the node under a clicked cell and its group’s page starting there', async () => {
    const occupancy = await get<FleetOccupancy>('/v1/fleet/occupancy');
    const g = 1;
    const group = occupancy.groups[g];
    const k = Math.floor(group.nodes / 2);
    const name = group.names[k];
    const canvas = page.getByTestId('heatmap');
    const box = (await canvas.boundingBox())!;
    const layout = heatMapLayout(
      occupancy.groups.map((x) => x.nodes),
      Math.floor(box.width),
    );
    const at = cellAt(layout, g, k);
    await canvas.click({ position: { x: at.x + layout.cell / 2, y: at.y + layout.cell / 2 } });

    await expect.poll(() => page.locator('#node-heading').innerText()).toBe(name);
    const node = await get<FleetNode>(`/v1/nodes/${name}`);
    const used = await page
      .getByTestId('node-devices')
      .locator('.device')
      .evaluateAll((els) => els.map((el) => Number((el as unknown as Dataset).dataset.used)));
    expect(used).toEqual(node.gpuMilliLeft.map((left) => 1000 - left));

    const listed = page.getByTestId('group-nodes');
    const names = () =>
      listed
        .locator('[data-node]')
        .evaluateAll((els) => els.map((el) => (el as unknown as Dataset).dataset.node!));
    await expect.poll(names).toEqual(group.names.slice(k, k + PAGE_SIZE));
    await page.screenshot({ path: join(shots, 'fleet-scale-drilldown.png'), fullPage: true });
    await listed.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(names).toEqual(group.names.slice(k + PAGE_SIZE, k + 2 * PAGE_SIZE));
    await listed.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(names).toEqual(group.names.slice(k, k + PAGE_SIZE));
  });

  it('narrows the map to the state asked', async () => {
    const cordoned = await get<FleetOccupancy>('/v1/fleet/occupancy?state=cordoned');
    expect(cordoned.nodes).toBeGreaterThan(0);
    await page.getByLabel('State').selectOption('cordoned');
    await expect
      .poll(() => page.getByTestId('heatmap').getAttribute('data-cells'))
      .toBe(String(cordoned.nodes));
  });
});

/** What the page's elements carry (typed here: the test's tsconfig has no DOM library). */
interface Dataset {
  dataset: Record<string, string | undefined>;
}
