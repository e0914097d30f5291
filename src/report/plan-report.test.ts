/**
 * The plan's HTML report, on real plans of examples/plans/small.yaml: every section carries the figures of the
 * plan's JSON (recomputed here where the report derives them), an infeasible plan shows its reasons, and a plan
 * with scenarios and a Pareto frontier (built here from real plans of variants of the example) shows both. The
 * page is checked the way the other reports are: complete, self-contained, escaped, unique ids, deterministic.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demandVariant, SMALL_DEMAND } from '../../test/support/plan-demand.js';
import { loadCatalog } from '../catalog/index.js';
import { loadModels, readDemandFile, runPlan, type Demand, type PlanRun } from '../plan/index.js';
import { formatGrouped, formatMW, formatPercent, formatUsd } from './number-format.js';
import { escapeHtml } from './page.js';
import type { PlanPareto, PlanReportPlan } from './plan-report-input.js';
import { renderPlanReport } from './plan-report.js';

const EXAMPLE = SMALL_DEMAND;
const catalog = loadCatalog();
const models = loadModels();

let dir: string;
/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- a demand file's YAML is untyped data */
const variant = (name: string, edit: (d: any) => void) => demandVariant(dir, name, edit);

const plan = (demandFile: string, check = false) =>
  runPlan({ demandFile, catalog, models, ...(check ? { check: { seed: 42 } } : {}) });

let base: PlanRun;
let demand: Demand;
let html: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hyperfleet-plan-report-'));
  [base, demand] = await Promise.all([plan(EXAMPLE, true), readDemandFile(EXAMPLE, catalog)]);
  html = renderPlanReport(base, { demand });
});

/** The section with this id. */
function section(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}">`);
  expect(start, `section ${id}`).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf('</section>', start));
}

/** The cells of each body row of the table whose caption starts with `caption`, row header first. */
function rows(page: string, caption: string): string[][] {
  const start = page.indexOf(`<caption>${caption}`);
  expect(start, `table "${caption}"`).toBeGreaterThanOrEqual(0);
  const body = page.slice(page.indexOf('<tbody>', start), page.indexOf('</tbody>', start));
  return body
    .split('<tr>')
    .slice(1)
    .map((r) =>
      [...r.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1].replace(/<span[^>]*><\/span>/g, '')),
    );
}

const rowOf = (table: string[][], ...first: string[]) => {
  const row = table.find((r) => first.every((f, i) => r[i] === f));
  expect(row, `row ${first.join(' / ')}`).toBeDefined();
  return row!;
};

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Checks every report page passes, as the other reports' tests check theirs. */
function expectWellFormed(page: string): void {
  expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
  expect(page.trimEnd().endsWith('</html>')).toBe(true);
  expect(page).not.toMatch(/<script|<link\b|@import/i);
  const urls = page.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
  expect(urls.filter((u) => u !== 'http://www.w3.org/2000/svg')).toEqual([]);
  expect(page.match(/<(?![a-zA-Z/!?])/g) ?? []).toEqual([]);
  const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size).toBe(ids.length);
  for (const tag of ['table', 'section', 'figure', 'svg', 'thead', 'tbody', 'ul', 'nav'])
    expect((page.match(new RegExp(`<${tag}\\b`, 'g')) ?? []).length, tag).toBe(
      (page.match(new RegExp(`</${tag}>`, 'g')) ?? []).length,
    );
  for (const tag of page.match(/<svg\b[^>]*>/g) ?? []) {
    expect(tag).toContain('role="img"');
    expect(tag).toMatch(/aria-label="[^"]{20,}"/);
    const described = /aria-describedby="([^"]+)"/.exec(tag);
    expect(described).not.toBeNull();
    expect(page).toContain(`<figcaption id="${described![1]}">`);
  }
  // Every table says what it holds and has column headers.
  expect((page.match(/<table\b/g) ?? []).length).toBe((page.match(/<caption>/g) ?? []).length);
  expect((page.match(/<table\b/g) ?? []).length).toBe((page.match(/<thead>/g) ?? []).length);
}

describe('renderPlanReport: the small example, proven by simulation', () => {
  it('is a well-formed, self-contained page with every section of an optimal plan', () => {
    expectWellFormed(html);
    expect(html).toContain(`<title>hyperfleet plan — ${EXAMPLE}</title>`);
    for (const id of ['mix', 'cost', 'assignment', 'constraints', 'check', 'coefficients'])
      expect(html).toContain(`<li><a href="#${id}">`);
    expect(html).not.toContain('id="scenarios"');
    expect(html).not.toContain('id="pareto"');
    expect(html.match(/<svg\b/g)).toHaveLength(2);
  });

  it('answers the headline: status, total cost, capital vs energy, peak MW vs the cap, the check', () => {
    const head = rows(html, 'The plan for');
    expect(rowOf(head, 'Status')[1]).toMatch(
      new RegExp(`^optimal within a ${formatGrouped(base.solver.mipRelGap * 100, 2)} % gap \\(HiGHS `),
    );
    expect(rowOf(head, 'Total cost of ownership')[1]).toBe(`${formatUsd(base.objectiveUsd)} over 2 quarters`);
    const capitalShare = formatPercent((100 * base.capitalUsd!) / base.objectiveUsd!);
    expect(rowOf(head, 'Capital vs energy')[1]).toContain(
      `capital ${formatUsd(base.capitalUsd)} (${capitalShare})`,
    );
    expect(rowOf(head, 'Capital vs energy')[1]).toContain(`energy ${formatUsd(base.energyUsd)}`);
    expect(rowOf(head, 'Capital vs budget')[1]).toMatch(/ of 400\.0 M USD \(/);
    const peak = Math.max(...base.facilityMW);
    expect(rowOf(head, 'Peak facility power vs site cap')[1]).toBe(
      `${formatMW(peak)} of a 20.0 MW cap (${formatPercent((100 * peak) / 20)})`,
    );
    expect(base.check!.verdict).toBe('meets');
    expect(rowOf(head, 'Simulation check')[1]).toBe(
      `meets every SLO and training line after ${base.check!.iterations.length} solve` +
        `${base.check!.iterations.length === 1 ? '' : 's'} (seed 42)`,
    );
  });

  it('gives the mix per quarter: a stacked bar per quarter and nodes bought / owned per chip', () => {
    const mix = rows(section(html, 'mix'), 'Whole nodes bought');
    for (const c of base.chips) {
      expect(rowOf(mix, c.accelerator).slice(1)).toEqual([
        String(c.devicesPerNode),
        String(c.existingNodes),
        ...c.nodesBought.flatMap((b, q) => [formatGrouped(b), formatGrouped(c.nodesOwned[q])]),
      ]);
    }
    // One bar per chip that owns nodes in a quarter, its height proportional to the nodes, stacked on the others.
    const svg = section(html, 'mix').match(/<svg[\s\S]*?<\/svg>/)![0];
    const bars = [
      ...svg.matchAll(/<path d="M([\d.]+) ([\d.]+)l[\d.]+ 0l0 (-[\d.]+)l[^"A]*Z" fill="(#[0-9a-f]{6})"/g),
    ];
    const owning = sum(base.chips.map((c) => c.nodesOwned.filter((n) => n > 0).length));
    expect(bars).toHaveLength(owning);
    const pxPerNode = bars.map((b) => -Number(b[3]));
    const nodes = base.chips.flatMap((c) => c.nodesOwned.filter((n) => n > 0));
    const scale = pxPerNode[0] / nodes[0];
    pxPerNode.forEach((px, i) => expect(px / scale).toBeCloseTo(nodes[i], 0));
    // Stacked: in each quarter a chip's bar starts where the one below ends.
    const tops = new Map<string, number>();
    for (const [, x, y, h] of bars) {
      const below = tops.get(x);
      if (below !== undefined) expect(Number(y)).toBeCloseTo(below, 0);
      tops.set(x, Number(y) + Number(h));
    }
  });

  it('breaks the cost down per quarter: capital, energy recomputed from the coefficients, power', () => {
    const cost = rows(section(html, 'cost'), 'Capital spent and energy cost');
    [0, 1].forEach((q) => {
      const energy = sum(base.chips.map((c) => c.nodesOwned[q] * c.perNode.energyUsdPerQuarter));
      expect(rowOf(cost, `Q${q}`).slice(1)).toEqual([
        formatUsd(base.capitalSpentUsd[q]),
        formatUsd(energy),
        formatUsd(base.capitalSpentUsd[q] + energy),
        formatUsd(base.amortisedCostUsdPerQuarter![q]),
        formatMW(base.facilityMW[q]),
      ]);
    });
    expect(rowOf(cost, 'All quarters').slice(1)).toEqual([
      formatUsd(base.capitalUsd),
      formatUsd(base.energyUsd),
      formatUsd(base.objectiveUsd),
      formatUsd(base.amortisedCostUsd),
      'cap 20.0 MW',
    ]);
    // The amortised cost: each node's price over 4 years (16 quarters), from the quarter it is bought, + energy.
    const capitalPerQuarter = (q: number) =>
      sum(base.chips.map((c) => sum(c.nodesBought.slice(0, q + 1)) * (c.perNode.capitalUsd ?? 0))) / 16;
    [0, 1].forEach((q) =>
      expect(base.amortisedCostUsdPerQuarter![q]).toBeCloseTo(
        capitalPerQuarter(q) + sum(base.chips.map((c) => c.nodesOwned[q] * c.perNode.energyUsdPerQuarter)),
        2,
      ),
    );
  });

  it('says which chip serves which demand line, with nodes given and demand served', () => {
    const table = rows(section(html, 'assignment'), 'For each demand line');
    for (const a of base.assignment) {
      for (const c of a.chips) {
        const row = rowOf(table, a.line, a.unit, c.accelerator);
        expect(row[3]).toBe(formatGrouped(c.nodes[0], 2));
        expect(row[6]).toBe(formatGrouped(c.served[1], c.served[1] >= 1000 ? 0 : 2));
      }
    }
    expect(section(html, 'assignment')).toContain('<b>finetune</b>');
  });

  it('prices each binding constraint', () => {
    expect(base.binding.length).toBeGreaterThan(0);
    const table = rows(section(html, 'constraints'), 'Constraints at their limit');
    expect(table).toHaveLength(base.binding.length);
    base.binding.forEach((b, i) => {
      expect(table[i][0]).toBe(b.constraint);
      expect(table[i][4]).toBe(formatUsd(b.priceUsd));
      expect(table[i][5]).toBe(b.description);
    });
  });

  it('shows the SLO check per service and quarter against the SLO, training coverage and every iteration', () => {
    const check = base.check!;
    const services = rows(section(html, 'check'), 'Each service replayed');
    for (const s of check.services) {
      const slo = demand.inference.find((l) => l.name === s.service)!.slo;
      const row = rowOf(services, s.service, `Q${s.quarter}`);
      expect(row[4]).toBe(
        `${formatPercent(s.attainment * 100)} ${s.attainment * 100 >= s.percentile ? '≥' : '&lt;'} p${s.percentile}`,
      );
      expect(row[5]).toBe(
        `${formatGrouped(s.ttftSec * 1000, 1)} ms ≤ ${formatGrouped(slo.ttftSec * 1000, 1)} ms`,
      );
      expect(row[7]).toBe(s.pValue.toPrecision(2));
      expect(row[8]).toBe(s.verdict);
    }
    const training = rows(section(html, 'check'), 'Reference device-hours each training line');
    for (const t of check.training)
      expect(rowOf(training, t.line, `Q${t.quarter}`)[4]).toBe(formatPercent(t.coverage * 100));
    const iterations = rows(section(html, 'check'), 'Each solve of the check');
    expect(iterations).toHaveLength(check.iterations.length);
    for (const it of check.iterations.filter((i) => i.changes.length > 0)) {
      const c = it.changes[0];
      expect(iterations[it.iteration - 1][5]).toContain(
        `${c.service} on ${c.accelerator}: ${formatGrouped(c.fromRequestsPerSec, 2)} → ${formatGrouped(c.toRequestsPerSec, 2)}`,
      );
    }
    for (const m of check.method) expect(section(html, 'check')).toContain(escapeHtml(m));
  });

  it('lists each chip’s per-node coefficients, so a reader can recompute the optimum', () => {
    const table = rows(section(html, 'coefficients'), 'The programme’s coefficients');
    for (const c of base.chips) {
      const row = rowOf(table, c.accelerator);
      expect(row.slice(1, 4)).toEqual([
        formatUsd(c.perNode.capitalUsd),
        formatUsd(c.perNode.energyUsdPerQuarter),
        formatGrouped(c.perNode.facilityKw, 2),
      ]);
      base.assignment.forEach((a, i) => {
        const v = c.perNode.capacity[a.line];
        expect(row[4 + i]).toBe(formatGrouped(v, v >= 1000 ? 0 : 2));
      });
    }
    const layouts = rows(section(html, 'coefficients'), 'How one node of each chip serves');
    const none = base.inference.find((l) => l.requestsPerSecPerNode === 0)!;
    expect(rowOf(layouts, none.line, none.accelerator)[8]).toBe(escapeHtml(none.reason!));
  });

  it('lists the assumptions verbatim', () => {
    const footer = html.slice(html.indexOf('<footer>'));
    for (const a of base.assumptions) expect(footer).toContain(`<li>${escapeHtml(a)}</li>`);
  });

  it('is deterministic', () => {
    expect(renderPlanReport(base, { demand })).toBe(html);
  });

  it('without the demand, takes the site cap from the plan when it states one, and shows no SLO', () => {
    const bare = renderPlanReport(base);
    expectWellFormed(bare);
    expect(rowOf(rows(bare, 'The plan for'), 'Peak facility power vs site cap')[1]).toContain(
      '(no site cap)',
    );
    const services = rows(bare, 'Each service replayed');
    expect(services[0][5]).toBe(`${formatGrouped(base.check!.services[0].ttftSec * 1000, 1)} ms`);
  });
});

describe('renderPlanReport: an infeasible plan', () => {
  it('renders the reasons and no mix, cost or check', async () => {
    const infeasible = await plan(variant('tight.yaml', (d) => (d.site.powerCapMW = 0.2)));
    expect(infeasible.status).toBe('infeasible');
    const page = renderPlanReport(infeasible);
    expectWellFormed(page);
    const head = rows(page, 'The plan for');
    expect(rowOf(head, 'Status')[1]).toMatch(/^infeasible/);
    expect(rowOf(head, 'Why')[1]).toBe(infeasible.reasons.map((r) => r.message).join('; '));
    const reasons = rows(section(page, 'constraints'), 'The constraints that make the demand infeasible');
    expect(reasons).toHaveLength(infeasible.reasons.length);
    const power = rowOf(reasons, 'powerCap');
    const r = infeasible.reasons.find((x) => x.constraint === 'powerCap')!;
    expect(power.slice(2)).toEqual([formatMW(0.2), formatMW(r.needs), r.message]);
    expect(page).toContain('<h2>Why no plan exists</h2>');
    expect(page).not.toMatch(/<svg|id="mix"|id="cost"|id="check"/);
  });
});

describe('renderPlanReport: scenarios and the Pareto frontier', () => {
  let withAll: PlanReportPlan;
  let page: string;
  let pareto: PlanPareto;

  beforeAll(async () => {
    const [noH20, tight] = await Promise.all([
      plan(variant('no-h20.yaml', (d) => (d.chips[0].supplyDevices = [0, 0]))),
      plan(variant('tight.yaml', (d) => (d.site.powerCapMW = 0.2))),
    ]);
    // A frontier shaped like the lead's: cost falls as the cap rises; the tightest cap is infeasible.
    const owned = Object.fromEntries(base.chips.map((c) => [c.accelerator, c.nodesOwned[1]]));
    const point = (powerCapMW: number, objectiveUsd: number | null, peakFacilityMW: number | null) => ({
      powerCapMW,
      status: objectiveUsd === null ? ('infeasible' as const) : ('optimal' as const),
      objectiveUsd,
      capitalUsd: objectiveUsd === null ? null : objectiveUsd * 0.99,
      energyUsd: objectiveUsd === null ? null : objectiveUsd * 0.01,
      peakFacilityMW,
      nodesOwned: objectiveUsd === null ? {} : owned,
    });
    pareto = {
      method: 'the base plan solved again under each power cap',
      minFeasibleMW: 0.3,
      uncappedMW: 0.5,
      siteCapMW: 0.45,
      points: [
        point(0.25, null, null),
        point(0.3, 1.2e7, 0.3),
        point(0.4, 1.1e7, 0.39),
        point(0.6, 1.05e7, 0.5),
      ],
    };
    withAll = {
      ...base,
      scenarios: [
        { ...noH20, name: 'no H20', changes: ['supply of nvidia-h20 set to 0 devices per quarter'] },
        { ...tight, name: 'tight power', changes: ['site power cap set to 0.2 MW'] },
      ],
      pareto,
    };
    page = renderPlanReport(withAll, { demand });
  });

  it('has one column per plan, the base first, with each scenario’s changes, cost, mix and verdict', () => {
    expectWellFormed(page);
    const table = section(page, 'scenarios');
    const head = [...table.matchAll(/<th scope="col">(.*?)<\/th>/g)].map((m) => m[1]);
    expect(head).toEqual(['', 'base plan', 'no H20', 'tight power']);
    const body = rows(table, 'The base plan and each scenario');
    const [noH20, tight] = withAll.scenarios!;
    expect(rowOf(body, 'Changes').slice(1)).toEqual([
      'none: the demand file as written',
      'supply of nvidia-h20 set to 0 devices per quarter',
      'site power cap set to 0.2 MW',
    ]);
    expect(rowOf(body, 'Status').slice(1)).toEqual(['optimal', noH20.status, 'infeasible']);
    expect(rowOf(body, 'Total cost').slice(1)).toEqual([
      formatUsd(base.objectiveUsd),
      formatUsd(noH20.objectiveUsd),
      'n/a',
    ]);
    for (const c of base.chips) {
      const row = body.find((r) => r[0].includes(`${c.accelerator} nodes, last quarter`))!;
      const other = noH20.chips.find((x) => x.accelerator === c.accelerator)!;
      expect(row.slice(1)).toEqual([formatGrouped(c.nodesOwned[1]), formatGrouped(other.nodesOwned[1]), '—']);
    }
    expect(rowOf(body, 'Simulation check').slice(1)).toEqual(['meets', 'not run', 'not run']);
    expect(rowOf(body, 'Why infeasible')[3]).toBe(tight.reasons.map((r) => r.message).join('; '));
  });

  it('draws the frontier: feasible points joined in order of power, the site cap marked, infeasible left out', () => {
    const feasible = pareto.points.filter((p) => p.status === 'optimal');
    expect(feasible.length).toBeGreaterThanOrEqual(2);
    expect(feasible.length).toBeLessThan(pareto.points.length);
    const fig = section(page, 'pareto');
    const svg = fig.match(/<svg[\s\S]*?<\/svg>/)![0];
    const line = /<path d="(M[^"]*)"[^>]*stroke="#0b57a4"/.exec(svg)![1];
    expect(line.split('L')).toHaveLength(feasible.length);
    // Points joined left to right: x grows along the path.
    const xs = line
      .split(/[ML]/)
      .filter(Boolean)
      .map((p) => Number(p.trim().split(/[ ,]/)[0]));
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(svg).toContain('site cap 0.450 MW');
    expect(fig).toContain(`(${pareto.points.length - feasible.length} infeasible cap left out)`);
    const table = rows(fig, 'Every power cap tried');
    expect(table).toHaveLength(pareto.points.length);
    pareto.points.forEach((p, i) => {
      expect(table[i].slice(0, 3)).toEqual([formatMW(p.powerCapMW), p.status, formatUsd(p.objectiveUsd)]);
    });
  });
});
