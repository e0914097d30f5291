/**
 * `hyperfleet plan` end to end against the built CLI, on examples/plans/small.yaml and variants of it: the JSON
 * contract (checked against itself: the objective from the coefficients and counts, demand covered, SLO met by
 * the layouts), the readable summary, determinism, `--fleet`, and each kind of bad input as one clear line and
 * exit 2 — and, for a demand that cannot be met, status infeasible with its reasons (exit 2 too).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expectRefusal, projectRoot, runCli, tempDir, type CliRun } from '../support/cli.js';
import { demandVariant } from '../support/plan-demand.js';

const EXAMPLE = join(projectRoot, 'examples/plans/small.yaml');

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON output and YAML variants are untyped data */
let dir: string;
let example: CliRun;
let out: any;

/** The example demand changed by `edit`, written to a file of the temp dir. */
const variant = (name: string, edit: (d: any) => void) => demandVariant(dir, name, edit);

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The example's readable plan (with its check), run once for the tests that read it. */
let readable: CliRun | undefined;
const readableExample = (): CliRun => (readable ??= runCli(['plan', '--demand', EXAMPLE]));

beforeAll(() => {
  dir = tempDir('hyperfleet-plan-');
  example = runCli(['plan', '--demand', EXAMPLE, '--json']);
  out = JSON.parse(example.stdout);
});

describe('hyperfleet plan --json', () => {
  it('prints the contract: status, objective, chips with per-node coefficients, binding, assumptions', () => {
    expect(example.status).toBe(0);
    expect(out.status).toBe('optimal');
    expect(out.chips.map((c: any) => c.accelerator)).toEqual([
      'nvidia-h20',
      'nvidia-h100',
      't-head-zhenwu-810e',
    ]);
    for (const c of out.chips) {
      expect(c.nodesBought).toHaveLength(2);
      for (const n of c.nodesBought) expect(Number.isInteger(n)).toBe(true);
      expect(c.nodesOwned[0]).toBe(c.existingNodes + c.nodesBought[0]);
      expect(c.nodesOwned[1]).toBe(c.nodesOwned[0] + c.nodesBought[1]);
      for (const key of ['capitalUsd', 'energyUsdPerQuarter', 'facilityKw'])
        expect(c.perNode[key]).toBeGreaterThan(0);
      expect(Object.keys(c.perNode.capacity).sort()).toEqual(['chat', 'code', 'finetune']);
    }
    expect(out.solver.mipRelGap).toBe(0.001);
    expect(Array.isArray(out.reasons) && out.reasons.length).toBe(0);
  });

  it('has an objective anyone can recompute from the coefficients and the counts', () => {
    const recomputed = sum(
      out.chips.map(
        (c: any) =>
          sum(c.nodesBought) * c.perNode.capitalUsd + sum(c.nodesOwned) * c.perNode.energyUsdPerQuarter,
      ),
    );
    expect(out.objectiveUsd).toBeCloseTo(recomputed, 3);
    // Nodes bought in a quarter respect the supply the file sets (H20: 0 devices from quarter 1).
    const h20 = out.chips.find((c: any) => c.accelerator === 'nvidia-h20');
    expect(h20.nodesBought[1]).toBe(0);
    const h100 = out.chips.find((c: any) => c.accelerator === 'nvidia-h100');
    for (const b of h100.nodesBought) expect(b * 8).toBeLessThanOrEqual(160);
  });

  it('covers each line in each quarter with whole nodes given once, at capacities that meet the SLO', () => {
    for (const line of out.assignment) {
      line.demand.forEach((d: number, q: number) => {
        expect(sum(line.chips.map((c: any) => c.served[q]))).toBeGreaterThanOrEqual(d * (1 - 1e-6));
      });
    }
    for (const chip of out.chips) {
      [0, 1].forEach((q) => {
        const given = sum(
          out.assignment.map(
            (l: any) => l.chips.find((c: any) => c.accelerator === chip.accelerator)?.nodes[q] ?? 0,
          ),
        );
        expect(given).toBeLessThanOrEqual(chip.nodesOwned[q] + 1e-6);
      });
    }
    const slo = { chat: { ttftSec: 2, tpotSec: 0.1 }, code: { ttftSec: 1, tpotSec: 0.05 } } as const;
    for (const l of out.inference) {
      const perNode = out.chips.find((c: any) => c.accelerator === l.accelerator).perNode.capacity[l.line];
      expect(l.requestsPerSecPerNode).toBe(perNode);
      if (l.requestsPerSecPerNode > 0) {
        expect(l.ttftSec).toBeLessThanOrEqual(slo[l.line as 'chat'].ttftSec);
        expect(l.tpotSec).toBeLessThanOrEqual(slo[l.line as 'chat'].tpotSec);
      }
    }
  });

  it('gives capacity 0 (with the reason) to a chip that cannot run a service, and names the assumptions', () => {
    const zhenwuCode = out.inference.find(
      (l: any) => l.accelerator === 't-head-zhenwu-810e' && l.line === 'code',
    );
    expect(zhenwuCode.requestsPerSecPerNode).toBe(0);
    expect(zhenwuCode.reason).toMatch(/FP8|fp8/);
    const text = out.assumptions.join('\n');
    expect(text).toMatch(/t-head-zhenwu-810e has no measured figure/);
    expect(text).toMatch(/nvidia-h100: price 30000 USD per device from the catalog/);
    expect(new Set(out.assumptions).size).toBe(out.assumptions.length);
  });

  it('prices the binding supply of the scarce H100', () => {
    const supply = out.binding.find((b: any) => b.constraint === 'supply' && b.accelerator === 'nvidia-h100');
    expect(supply).toBeDefined();
    expect(supply.priceUsd).toBeGreaterThan(0);
  });

  it('gives the same JSON for the same files, apart from timings', () => {
    const again = JSON.parse(runCli(['plan', '--demand', EXAMPLE, '--json']).stdout);
    const strip = (o: any) => ({ ...o, solver: { ...o.solver, seconds: 0 } });
    expect(strip(again)).toEqual(strip(out));
  });

  it('counts the nodes of a --fleet file as owned, replacing the file’s existing', () => {
    const fleet = join(dir, 'owned.yaml');
    writeFileSync(
      fleet,
      'site: { pue: 1.3, electricityUsdPerKWh: 0.08 }\npools:\n' +
        '  - { name: h100, accelerator: nvidia-h100, nodes: 30, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576, nodePowerOverheadW: 1500 }\n',
    );
    const demand = variant('with-existing.yaml', (d) => (d.existing = 'missing-fleet.yaml'));
    const r = runCli(['plan', '--demand', demand, '--fleet', fleet, '--json']);
    expect(r.status).toBe(0);
    const owned = JSON.parse(r.stdout);
    const h100 = owned.chips.find((c: any) => c.accelerator === 'nvidia-h100');
    expect(h100.existingNodes).toBe(30);
    expect(h100.nodesOwned[0]).toBeGreaterThanOrEqual(30);
    expect(owned.objectiveUsd).toBeLessThan(out.objectiveUsd);
  });
});

describe('hyperfleet plan: proof by simulation (on by default)', () => {
  it('checks every quarter and service by simulation, and every training line, in the JSON', () => {
    const { check } = out;
    expect(check.seed).toBe(42);
    expect(check.verdict).toBe('meets');
    // One entry per quarter and service, each with requests simulated and the SLO judged at its percentile.
    expect(check.services.map((s: any) => `${s.service}@${s.quarter}`).sort()).toEqual([
      'chat@0',
      'chat@1',
      'code@0',
      'code@1',
    ]);
    const demand = parse(readFileSync(EXAMPLE, 'utf8'));
    for (const s of check.services) {
      const line = demand.inference.find((l: any) => l.name === s.service);
      expect(s.requests).toBeGreaterThan(0);
      expect(s.verdict).toBe('meets');
      expect(s.attainment).toBeGreaterThanOrEqual(line.slo.percentile / 100);
      expect(s.ttftSec).toBeLessThanOrEqual(line.slo.ttftSec);
      expect(s.tpotSec).toBeLessThanOrEqual(line.slo.tpotSec);
      // Each chip's node carries at most what the plan credits it with.
      for (const c of s.chips)
        expect(c.requestsPerSecPerNode).toBeLessThanOrEqual(c.capacityPerNode * (1 + 1e-9));
    }
    expect(check.training.map((t: any) => t.quarter)).toEqual([0, 1]);
    for (const t of check.training) {
      expect(t.coverage).toBeGreaterThanOrEqual(1 - 1e-6);
      // Replayed in the time simulator: every job done within the quarter, the whole demand delivered.
      expect(t.simulation.verdict).toBe('meets');
      expect(t.simulation.policy).toBe('bestfit');
      expect(t.simulation.jobs).toBeGreaterThan(0);
      expect(t.simulation.makespanHours).toBeLessThanOrEqual(2190);
      expect(t.simulation.deliveredDeviceHours).toBeCloseTo(t.demandDeviceHours, 3);
      expect(t.simulation.waitHours.p95).toBeGreaterThanOrEqual(t.simulation.waitHours.mean);
      expect(t.simulation.utilisation).toBeGreaterThan(0);
      expect(t.simulation.utilisation).toBeLessThanOrEqual(1);
    }
    // Every iteration is reported; the last is the plan printed, with the capacities it was solved with.
    const last = check.iterations[check.iterations.length - 1];
    expect(last.objectiveUsd).toBeCloseTo(out.objectiveUsd, 3);
    for (const c of out.chips)
      for (const [service, cap] of Object.entries(last.capacity))
        expect(c.perNode.capacity[service]).toBe((cap as any)[c.accelerator]);
    for (const c of out.chips)
      for (const [line, cap] of Object.entries(last.trainingCapacity))
        expect(c.perNode.capacity[line]).toBe((cap as any)[c.accelerator]);
    for (const it of check.iterations.slice(0, -1))
      expect(it.changes.length + it.trainingChanges.length).toBeGreaterThan(0);
    // A capacity the simulation lowered is shown beside the performance model's figure it replaced.
    const lowered = new Set(
      check.iterations.flatMap((it: any) => it.changes.map((c: any) => `${c.service}@${c.accelerator}`)),
    );
    const shown = out.inference.filter((l: any) => l.perfModelRequestsPerSecPerNode !== undefined);
    expect(new Set(shown.map((l: any) => `${l.line}@${l.accelerator}`))).toEqual(lowered);
    for (const l of shown) expect(l.requestsPerSecPerNode).toBeLessThan(l.perfModelRequestsPerSecPerNode);
  });

  it('skips the check with --no-check, and shows it as a table otherwise', () => {
    const skipped = runCli(['plan', '--demand', EXAMPLE, '--json', '--no-check']);
    expect(skipped.status).toBe(0);
    expect(JSON.parse(skipped.stdout).check).toBeUndefined();
    const text = readableExample();
    expect(text.stdout).toMatch(/Simulation check \(seed 42\): every SLO and training line holds/);
    expect(text.stdout).toMatch(/Q1 +chat \(p99\) +[\d,]+ +[\d.]+ %/);
  });

  it('refuses a seed that is not a whole number in one line', () => {
    expectRefusal(runCli(['plan', '--demand', EXAMPLE, '--seed', 'x']), /--seed/);
  });

  it('refuses an unknown --check-policy, naming the policies it takes', () => {
    expectRefusal(
      runCli(['plan', '--demand', EXAMPLE, '--check-policy', 'bestfitt']),
      /--check-policy: expected one of .*bestfit.*fgd/,
    );
  });
});

describe('hyperfleet plan (readable)', () => {
  it('shows the mix per quarter, costs, facility MW, binding prices and assumptions; a line per phase', () => {
    const r = readableExample();
    expect(r.status).toBe(0);
    for (const phase of ['reading', 'performance model', 'solving', 'pricing binding constraints'])
      expect(r.stderr).toContain(phase);
    const h100 = out.chips.find((c: any) => c.accelerator === 'nvidia-h100');
    expect(r.stdout).toMatch(new RegExp(`nvidia-h100 +8 +${h100.nodesBought[0]} / ${h100.nodesOwned[0]} `));
    expect(r.stdout).toMatch(/capital .*\n {2}energy .*\n {2}facility MW /);
    for (const b of out.binding) expect(r.stdout).toContain(b.description);
    expect(r.stdout).toMatch(/Assumptions:\n {2}- /);
  });
});

describe('hyperfleet plan: bad input is one clear line and exit 2', () => {
  it('refuses an unknown chip with the closest catalog ids', () => {
    const f = variant('chip.yaml', (d) => (d.chips[1].accelerator = 'nvidia-h1OO'));
    expectRefusal(
      runCli(['plan', '--demand', f]),
      /chip\.yaml:\d+: chips\[1\]\.accelerator: unknown accelerator.*nvidia-h100/,
    );
  });

  it('refuses an unknown model with "did you mean" at its line', () => {
    const f = variant('model.yaml', (d) => (d.inference[0].model = 'qwen3-32'));
    expectRefusal(
      runCli(['plan', '--demand', f]),
      /model\.yaml:\d+: inference\[0\]\.model: unknown model \(did you mean qwen3-32b\?\)/,
    );
  });

  it('refuses a negative demand', () => {
    const f = variant('negative.yaml', (d) => (d.inference[0].peakRequestsPerSec = [40, -60]));
    expectRefusal(
      runCli(['plan', '--demand', f]),
      /negative\.yaml:\d+: inference\[0\]\.peakRequestsPerSec\[1\]: expected requests per second ≥ 0, got "-60"/,
    );
  });

  it('refuses an SLO no chip reaches, naming the service and the best TTFT and TPOT', () => {
    const f = variant(
      'slo.yaml',
      (d) => (d.inference[0].slo = { ttftSec: 0.01, tpotSec: 0.001, percentile: 99 }),
    );
    expectRefusal(
      runCli(['plan', '--demand', f]),
      /slo\.yaml:\d+: inference\[0\]\.slo: chat: SLO impossible on every chip: the best TTFT is [\d.]+ ms \(nvidia-\w+\) and the best TPOT [\d.]+ ms \(nvidia-\w+\)/,
    );
  });

  it('refuses a plan that needs a chip without a price, naming the chip and the field', () => {
    const f = variant('price.yaml', (d) => {
      d.chips[0].supplyDevices = [0, 0];
      d.chips[1].supplyDevices = [0, 0];
      delete d.chips[2].priceUsd;
      d.inference.pop();
    });
    expectRefusal(
      runCli(['plan', '--demand', f]),
      /price\.yaml:\d+: chips\[2\]\.priceUsd: the demand cannot be met without buying t-head-zhenwu-810e, which has no price/,
    );
  });

  it('refuses a chip whose power the catalog lacks, at its line in the demand file', () => {
    const f = variant('tdp.yaml', (d) =>
      d.chips.push({ accelerator: 'huawei-ascend-910b', devicesPerNode: 8 }),
    );
    expectRefusal(
      runCli(['plan', '--demand', f]),
      /tdp\.yaml:\d+: chips\[3\]\.accelerator: huawei-ascend-910b has no TDP \(tdpW\) in the catalog/,
    );
  });

  it('refuses a bad --gap and --time-limit', () => {
    expectRefusal(
      runCli(['plan', '--demand', EXAMPLE, '--gap', '0']),
      /--gap: expected a fraction between 0 and 1/,
    );
    expectRefusal(
      runCli(['plan', '--demand', EXAMPLE, '--time-limit', 'soon']),
      /--time-limit: expected a positive number/,
    );
  });
});

describe('hyperfleet plan: a solve that hits --time-limit', () => {
  it('says so in one line and exits 2 instead of printing an unproven plan', () => {
    expectRefusal(
      runCli(['plan', '--demand', EXAMPLE, '--time-limit', '1e-9']),
      /--time-limit: the solver reached the time limit of 1e-9 s before proving a plan within a 0\.1 % gap/,
    );
  });
});

describe('hyperfleet plan: a demand that cannot be met', () => {
  it('prints status infeasible with the reasons, one ✖ line, and exits 2', () => {
    const f = variant('budget.yaml', (d) => (d.budget = { totalUsd: 1e6 }));
    const r = runCli(['plan', '--demand', f, '--json']);
    expect(r.status).toBe(2);
    const plan = JSON.parse(r.stdout);
    expect(plan.status).toBe('infeasible');
    expect(plan.objectiveUsd).toBeNull();
    const reason = plan.reasons.find((x: any) => x.constraint === 'budgetTotal');
    expect(reason.limit).toBe(1e6);
    // The example's optimal plan is feasible, so the least budget that works is at most its capital.
    expect(reason.needs).toBeGreaterThan(1e6);
    expect(reason.needs).toBeLessThanOrEqual(out.capitalUsd * 1.01);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('✖'));
    expect(errors).toEqual([
      expect.stringMatching(/budget\.yaml: the demand cannot be met: total budget 1,000,000 USD/),
    ]);
  });
});

describe('hyperfleet plan: scenarios and the cost-against-power frontier', () => {
  let withScenarios: string;
  let plan: any;
  let run: CliRun;
  beforeAll(() => {
    withScenarios = variant('scenarios.yaml', (d) => {
      d.scenarios = [
        { name: 'h20-at-0', supply: { 'nvidia-h20': 0 } },
        { name: 'zhenwu-0.7', supply: { 'nvidia-h20': 0 }, efficiency: { 't-head-zhenwu-810e': 0.7 } },
        { name: 'no-cap', site: { electricityUsdPerKWh: 0.2 } },
      ];
    });
    run = runCli(['plan', '--demand', withScenarios, '--json', '--no-check', '--pareto', '4']);
    plan = JSON.parse(run.stdout);
  });

  it('plans every scenario of the file after the plan as written, each a whole plan with its changes', () => {
    expect(run.status).toBe(0);
    expect(plan.scenarios.map((s: any) => s.name)).toEqual(['h20-at-0', 'zhenwu-0.7', 'no-cap']);
    const [ban, slow, dear] = plan.scenarios;
    expect(ban.changes).toEqual(['supply of nvidia-h20 set to 0 devices per quarter']);
    for (const s of plan.scenarios) {
      expect(s.status).toBe('optimal');
      expect(s.chips.length).toBe(plan.chips.length);
    }
    // Fewer options never cost less (to the solver's gap); a slower chip needs more of it.
    const gap = 1 - 2 * plan.solver.mipRelGap;
    expect(ban.objectiveUsd).toBeGreaterThanOrEqual(plan.objectiveUsd * gap);
    expect(ban.chips.find((c: any) => c.accelerator === 'nvidia-h20').nodesBought).toEqual([0, 0]);
    expect(slow.objectiveUsd).toBeGreaterThan(ban.objectiveUsd);
    const zw = (p: any) => p.chips.find((c: any) => c.accelerator === 't-head-zhenwu-810e');
    expect(zw(slow).perNode.capacity.finetune).toBeCloseTo(zw(ban).perNode.capacity.finetune * 0.7, 6);
    // Energy at 0.2 USD/kWh instead of 0.08: the same nodes cost 2.5 × as much per quarter to run.
    const h100 = (p: any) => p.chips.find((c: any) => c.accelerator === 'nvidia-h100');
    expect(h100(dear).perNode.energyUsdPerQuarter).toBeCloseTo(
      h100(plan).perNode.energyUsdPerQuarter * 2.5,
      6,
    );
  });

  it('runs only the scenarios named, refuses an unknown name, and runs none with --scenario none', () => {
    const only = (scenario: string) =>
      JSON.parse(
        runCli([
          'plan',
          '--demand',
          withScenarios,
          '--json',
          '--no-check',
          '--pareto',
          '0',
          '--scenario',
          scenario,
        ]).stdout,
      );
    const one = only('no-cap');
    expect(one.scenarios.map((s: any) => s.name)).toEqual(['no-cap']);
    expect(one.pareto).toBeUndefined();
    const none = only('none');
    expect(none.scenarios).toBeUndefined();
    expectRefusal(
      runCli(['plan', '--demand', withScenarios, '--scenario', 'h20-at-O']),
      /--scenario: no scenario named h20-at-O in the demand, expected one of h20-at-0, zhenwu-0\.7, no-cap \(closest: h20-at-0/,
    );
    expectRefusal(
      runCli(['plan', '--demand', withScenarios, '--pareto', '1']),
      /--pareto: expected 0 \(no frontier\)/,
    );
  });

  it('gives the frontier of cost against facility power: costs fall as the cap rises, ending at the plan', () => {
    const p = plan.pareto;
    expect(p.siteCapMW).toBe(20);
    expect(p.points.length).toBeGreaterThanOrEqual(1);
    const last = p.points.at(-1);
    expect(last.objectiveUsd).toBeCloseTo(plan.objectiveUsd, 0);
    expect(last.peakFacilityMW).toBeCloseTo(Math.max(...plan.facilityMW), 9);
    for (let k = 1; k < p.points.length; k++) {
      expect(p.points[k].powerCapMW).toBeGreaterThan(p.points[k - 1].powerCapMW);
      expect(p.points[k].objectiveUsd).toBeLessThanOrEqual(
        p.points[k - 1].objectiveUsd * (1 + plan.solver.mipRelGap),
      );
    }
    for (const x of p.points) expect(x.peakFacilityMW).toBeLessThanOrEqual(x.powerCapMW * (1 + 1e-6) + 1e-9);
  });

  it('shows the scenarios side by side in the summary, with what each changed', () => {
    const r = runCli(['plan', '--demand', withScenarios, '--no-check', '--pareto', '0']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Scenarios \(the plan as written first/);
    expect(r.stdout).toMatch(/^ {2}zhenwu-0\.7 +optimal/m);
    expect(r.stdout).toMatch(
      /zhenwu-0\.7: supply of nvidia-h20 set to 0 devices per quarter; t-head-zhenwu-810e delivers 0\.7/,
    );
    expect(r.stderr).toMatch(/plan: scenario zhenwu-0\.7/);
  });
});
