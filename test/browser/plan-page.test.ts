/**
 * The Plan page in headless Chromium against the real server started in this process: the example demand the form
 * starts with, submitted from the page, shows the API's own figures (total cost, capital, energy, nodes per chip
 * and quarter in the table and the chart); an infeasible demand shows its reasons; a refused demand names the
 * field; and a plan carrying the simulation check, scenarios and the Pareto frontier (real plans assembled into the
 * fields the API is about to send, served to the page in place of a run) shows them as they are. Screenshots go to
 * test-artifacts/screenshots/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import {
  CHROMIUM_SKIP_MESSAGE,
  ensureWebBundle,
  hasChromium,
  openDashboard,
  screenshotDir,
} from '../support/browser.js';
import { runsApp } from '../support/simulation-runs.js';
import { demandWith, FIXTURE_SITE_CAP_MW, planWithScenariosAndPareto } from '../support/plan-fixture.js';
import type { PlanRunView } from '../../web/src/pages/plan/plan-types.js';

const available = hasChromium();
if (!available) console.warn(CHROMIUM_SKIP_MESSAGE);

let app: FastifyInstance;
let base: string;
let browser: Browser;
let page: Page;
const shots = screenshotDir();

/** A whole number as the page prints it. */
const int = (x: number) => Math.round(x).toLocaleString('en-US');

describe.skipIf(!available)('the Plan page in headless Chromium', () => {
  beforeAll(async () => {
    ensureWebBundle();
    app = runsApp();
    ({ base, browser, page } = await openDashboard(app, { width: 1366, height: 900 }));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Submits the form as it stands; returns the plan's run as the API gives it once the page shows it. */
  async function submitAndWait(): Promise<PlanRunView> {
    const before = await page.locator('[data-testid=plan-runs] tbody tr').count();
    await page.getByRole('button', { name: 'Plan' }).click();
    await expect.poll(() => page.locator('[data-testid=plan-runs] tbody tr').count()).toBe(before + 1);
    const id = (await page.locator('[data-testid=plan-runs] tbody tr code').first().innerText()).trim();
    await expect
      .poll(() => page.getByTestId('plan-result').locator('h2').innerText(), { timeout: 60_000 })
      .toMatch(new RegExp(`^Plan ${id}: (optimal|infeasible)$`));
    const run = (await (await fetch(`${base}/v1/plans/${id}`)).json()) as PlanRunView;
    expect(run.status).toBe('done');
    return run;
  }

  it('plans the example demand from the page and shows the API’s figures', async () => {
    await page.goto(`${base}/#/plan`);
    const demand = JSON.parse(await page.locator('textarea[name=demand]').inputValue()) as unknown;
    const run = await submitAndWait();
    const plan = run.result!;
    expect(run.request.demand).toMatchObject(demand as object);
    expect(plan.status).toBe('optimal');

    const headline = await page.getByTestId('plan-headline').innerText();
    expect(headline).toContain(int(plan.objectiveUsd!));
    expect(headline).toContain(int(plan.capitalUsd!));
    expect(headline).toContain(`energy ${int(plan.energyUsd!)} USD`);
    expect(headline).toContain(`${Math.max(...plan.facilityMW).toFixed(2)}\npeak facility power (MW)`);
    expect(headline).toContain('cap 20.00 MW');

    const mix = page.getByTestId('plan-mix-table');
    for (const chip of plan.chips) {
      const cells = await mix.locator(`tr[data-chip="${chip.accelerator}"] td`).allInnerTexts();
      expect(cells.slice(2)).toEqual(
        chip.nodesBought.map((b, q) => `${int(b)} / ${int(chip.nodesOwned[q])}`),
      );
    }
    expect(plan.chips.some((c) => c.nodesOwned.some((n) => n > 0))).toBe(true);
    // What the chart draws: the nodes owned per chip and quarter.
    const chart = page.getByTestId('chart-plan-mix');
    await expect.poll(() => chart.getAttribute('data-ready')).toBe('true');
    const drawn = await chart.evaluate((el) =>
      (el as unknown as DrawnChart).echarts.getOption().series.map((s) => [s.name, s.data]),
    );
    expect(drawn).toEqual(plan.chips.map((c) => [c.accelerator, c.nodesOwned]));

    const total = await page
      .getByTestId('plan-cost-table')
      .locator('tbody tr')
      .nth(2)
      .locator('td')
      .allInnerTexts();
    expect(total.at(-1)).toBe(int(plan.objectiveUsd!));
    const binding = await page.getByTestId('plan-binding').locator('tbody th').allInnerTexts();
    expect(binding).toEqual(plan.binding.map((b) => b.description));
    await page.screenshot({ path: join(shots, 'plan.png'), fullPage: true });
  });

  it('shows why an infeasible demand cannot be met', async () => {
    const infeasible = demandWith((d) => (d.site.powerCapMW = 0.1));
    await page.locator('textarea[name=demand]').fill(JSON.stringify(infeasible, null, 2));
    const run = await submitAndWait();
    const plan = run.result!;
    expect(plan.status).toBe('infeasible');
    expect(plan.reasons.length).toBeGreaterThan(0);
    const reasons = await page.getByTestId('plan-reasons').locator('tbody th').allInnerTexts();
    expect(reasons).toEqual(plan.reasons.map((r) => r.message));
    expect(reasons.join('\n')).toMatch(/power cap 0\.1 MW: the demand needs at least [\d.]+ MW/);
    expect(await page.getByTestId('plan-headline').innerText()).toMatch(/^infeasible\n/);
    await expect
      .poll(() => page.getByTestId('announce').innerText())
      .toBe(`Plan ${run.id} finished: infeasible`);
  });

  it('shows the server’s reason and the field at fault for a refused demand', async () => {
    const wrong = demandWith((d) => (d.chips[0].accelerator = 'nvidia-h2O'));
    await page.locator('textarea[name=demand]').fill(JSON.stringify(wrong));
    await page.getByRole('button', { name: 'Plan' }).click();
    const alert = page.locator('#plan-form-error');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('demand.chips.0.accelerator');
    expect(text).toContain('nvidia-h2O');
    expect(text).not.toMatch(/\bat .*\.(js|ts):\d+/); // no stack trace
  });

  it('shows the check, scenarios side by side and the Pareto frontier of a plan that has them', async () => {
    const { demand, plan } = await planWithScenariosAndPareto({ seed: 42 });
    const run = {
      id: 'fixture1',
      status: 'done',
      progress: 1,
      createdAt: new Date().toISOString(),
      request: { demand, gap: 0.001, timeLimitSec: 60 },
      result: plan,
    };
    await page.route('**/v1/plans/fixture1', (route) => route.fulfill({ json: run }));
    await page.evaluate((id) => {
      const s = (globalThis as unknown as { sessionStorage: KeyValueStore }).sessionStorage;
      s.setItem(
        'hyperfleet.plans',
        JSON.stringify([id, ...JSON.parse(s.getItem('hyperfleet.plans') ?? '[]')]),
      );
    }, run.id);
    await page.reload();
    await page.getByTestId('plan-result').locator('h2', { hasText: 'fixture1' }).waitFor();

    // The simulation check, per service and quarter, as the plan's check has it.
    const check = plan.check!;
    const slo = page.getByTestId('plan-slo');
    const rows = await slo
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText.split('\t')));
    expect(rows.map((r) => [r[0], r[1], r[2].split(' ')[0], r[5]])).toEqual(
      check.services.map((s) => [s.service, `Q${s.quarter}`, (s.attainment * 100).toFixed(2), s.verdict]),
    );
    expect(await page.getByTestId('plan-headline').innerText()).toContain(check.verdict);

    // Scenarios beside the plan as written.
    const scenarios = page.getByTestId('plan-scenarios-table');
    const header = await scenarios.locator('thead th').allInnerTexts();
    expect(header.slice(1)).toEqual(['as written', ...plan.scenarios!.map((s) => s.name)]);
    const totals = await scenarios
      .locator('tbody tr', { hasText: 'total cost' })
      .locator('td')
      .allInnerTexts();
    expect(totals).toEqual(
      [plan, ...plan.scenarios!].map((p) => (p.objectiveUsd === null ? '—' : int(p.objectiveUsd))),
    );
    const infeasible = plan.scenarios!.find((s) => s.status === 'infeasible')!;
    expect(await scenarios.innerText()).toContain(infeasible.reasons[0].message);

    // The frontier drawn point for point, and the site cap marked.
    const chart = page.getByTestId('chart-plan-pareto');
    await expect.poll(() => chart.getAttribute('data-ready')).toBe('true');
    const drawn = await chart.evaluate((el) => {
      const s = (el as unknown as DrawnChart).echarts.getOption().series[0];
      return { data: s.data, cap: s.markLine?.data.map((d) => d.xAxis), label: s.markLine?.label?.formatter };
    });
    const optimal = plan.pareto!.points.filter((p) => p.status === 'optimal');
    expect(drawn.data).toEqual(optimal.map((p) => [p.powerCapMW, p.objectiveUsd]));
    expect(drawn.cap).toEqual([FIXTURE_SITE_CAP_MW]);
    expect(drawn.label).toBe(`site cap ${FIXTURE_SITE_CAP_MW.toFixed(2)} MW`);
    const points = await page.getByTestId('plan-pareto-table').locator('tbody th').allInnerTexts();
    expect(points).toEqual(
      [...plan.pareto!.points]
        .sort((a, b) => a.powerCapMW - b.powerCapMW)
        .map((p) => p.powerCapMW.toFixed(2)),
    );
    await page.getByTestId('plan-result').screenshot({ path: join(shots, 'plan-scenarios-pareto.png') });
  });
});

/** The page's sessionStorage, as the test uses it. */
interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** What the chart element carries (typed here: the test's tsconfig has no DOM library). */
interface DrawnChart {
  echarts: {
    getOption(): {
      series: {
        name: string;
        data: unknown;
        markLine?: { data: { xAxis?: number }[]; label?: { formatter?: string } };
      }[];
    };
  };
}
