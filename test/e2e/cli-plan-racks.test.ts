/**
 * `hyperfleet plan` with racks and amortisation, end to end against the built CLI on variants of
 * examples/plans/small.yaml: racks used and the amortised cost recomputable from the JSON's own counts and
 * coefficients, a rack limit that binds (a dearer plan within it, or the racks the demand needs), and existing
 * nodes whose racks are unknown refused at their line.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';
import { demandVariant } from '../support/plan-demand.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON output and YAML variants are untyped data */
let dir: string;

/** Nodes per rack of the example's chips: H20, H100, Zhenwu. */
const NODES_PER_RACK = [4, 4, 2];

/** The example demand with racks (and `edit`), written to a file of the temp dir. */
function withRacks(name: string, racks: number | number[], edit: (d: any) => void = () => {}): string {
  return demandVariant(dir, name, (d) => {
    d.site.racks = racks;
    d.chips.forEach((c: any, i: number) => (c.nodesPerRack = NODES_PER_RACK[i]));
    edit(d);
  });
}

/** The example demand with racks (and `edit`), planned without the simulation check. */
function planWithRacks(name: string, racks: number | number[], edit: (d: any) => void = () => {}) {
  const file = withRacks(name, racks, edit);
  const run = runCli(['plan', '--demand', file, '--json', '--no-check']);
  return { file, run, plan: JSON.parse(run.stdout || 'null') };
}

/** Racks the offered chips' owned nodes fill in quarter q, counted from the JSON's counts. */
const racksOf = (plan: any, q: number) =>
  NODES_PER_RACK.reduce((s, perRack, i) => s + Math.ceil(plan.chips[i].nodesOwned[q] / perRack), 0);

let roomy: any;

beforeAll(() => {
  dir = tempDir('hyperfleet-plan-racks-');
  roomy = planWithRacks('roomy.yaml', 100_000, (d) => (d.site.amortisationYears = 2)).plan;
});

describe('hyperfleet plan with racks and amortisation', () => {
  it('reports the racks the owned nodes fill and the amortised cost, both recomputable from the JSON', () => {
    expect(roomy.status).toBe('optimal');
    expect(roomy.racksUsed).toEqual([0, 1].map((q) => racksOf(roomy, q)));
    // Two years: 8 quarters of capitalUsd / 8 for every node bought so far (the horizon is 2 quarters), + energy.
    const amortised = [0, 1].map((q) =>
      roomy.chips.reduce(
        (s: number, c: any) =>
          s +
          (c.nodesOwned[q] - c.existingNodes) * (c.perNode.capitalUsd / 8) +
          c.nodesOwned[q] * c.perNode.energyUsdPerQuarter,
        0,
      ),
    );
    expect(roomy.amortisedCostUsdPerQuarter[0]).toBeCloseTo(amortised[0], 3);
    expect(roomy.amortisedCostUsdPerQuarter[1]).toBeCloseTo(amortised[1], 3);
    expect(roomy.amortisedCostUsd).toBeCloseTo(amortised[0] + amortised[1], 3);
    expect(roomy.amortisedCostUsd).toBeLessThan(roomy.objectiveUsd);
    expect(roomy.binding.some((b: any) => b.constraint === 'racks')).toBe(false);
  });

  it('keeps a plan within fewer racks than it wants, at no less cost, or names the racks it needs', () => {
    const want = roomy.racksUsed[1];
    const { run, plan } = planWithRacks('tight.yaml', want - 1);
    if (plan.status === 'optimal') {
      expect(run.status).toBe(0);
      expect(plan.racksUsed).toEqual([0, 1].map((q) => racksOf(plan, q)));
      for (const used of plan.racksUsed) expect(used).toBeLessThanOrEqual(want - 1);
      expect(plan.objectiveUsd).toBeGreaterThanOrEqual(roomy.objectiveUsd * (1 - 0.002));
    } else {
      expect(run.status).toBe(2);
      expect(plan.reasons.some((r: any) => r.constraint === 'racks' && r.needs >= want)).toBe(true);
    }
    // One rack: infeasible, with the racks the demand needs in each quarter short of them.
    const short = planWithRacks('short.yaml', 1);
    expect(short.run.status).toBe(2);
    expect(short.plan.status).toBe('infeasible');
    const reason = short.plan.reasons.find((r: any) => r.constraint === 'racks' && r.quarter === 1);
    expect(reason).toMatchObject({ limit: 1, unit: 'racks' });
    expect(reason.needs).toBeGreaterThan(1);
    expect(reason.message).toBe(
      `racks in quarter 1: 1 available, the demand needs at least ${reason.needs.toLocaleString('en-US')}`,
    );
    // The racks the demand needs are a limit it can be planned within.
    const needs = Math.max(...short.plan.reasons.map((r: any) => r.needs));
    const enough = planWithRacks('enough.yaml', needs);
    expect(enough.plan.status).toBe('optimal');
    expect(Math.max(...enough.plan.racksUsed)).toBeLessThanOrEqual(needs);
  });

  it('refuses a chip without nodesPerRack, and existing nodes whose racks are unknown, each at its line', () => {
    const missing = demandVariant(dir, 'missing.yaml', (d) => {
      d.site.racks = 100;
      d.chips[0].nodesPerRack = 4;
      d.chips[1].nodesPerRack = 4;
    });
    const r = runCli(['plan', '--demand', missing, '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/missing\.yaml:\d+: chips\[2\]: t-head-zhenwu-810e has no nodesPerRack/);
    const fleet = join(dir, 'old-fleet.yaml');
    writeFileSync(
      fleet,
      'pools:\n  - { name: old-a100, accelerator: nvidia-a100, nodes: 6, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 }\n',
    );
    const refused = runCli([
      'plan',
      '--demand',
      withRacks('unknown-racks.yaml', 100),
      '--fleet',
      fleet,
      '--json',
    ]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /unknown-racks\.yaml:\d+: site\.racks: the existing pool old-a100 \(6 × 8 nvidia-a100\) fill racks no offered chip describes, expected site\.racksUsedByExisting/,
    );
    expect(refused.stderr).not.toMatch(/\bat .*\.js:\d+|internal error/);
    const given = withRacks('given-racks.yaml', 100, (d) => (d.site.racksUsedByExisting = 2));
    const counted = runCli(['plan', '--demand', given, '--fleet', fleet, '--json', '--no-check']);
    const plan = JSON.parse(counted.stdout);
    expect(plan.status).toBe('optimal');
    expect(plan.racksUsed).toEqual([0, 1].map((q) => 2 + racksOf(plan, q)));
  });
});
