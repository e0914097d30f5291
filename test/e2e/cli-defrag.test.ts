/**
 * `hyperfleet defrag` end to end against the built CLI, on examples/defrag (three nodes, seven running pods): the
 * JSON contract checked from outside (the moves applied in order to the nodes and placements never overcommit, and
 * the pod then fits its target), the readable plan, "impossible" with its reason, and each kind of bad input as
 * one clear line and exit 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRefusal, projectRoot, runCli, tempDir } from '../support/cli.js';

const DIR = join(projectRoot, 'examples/defrag');
const NODES = join(DIR, 'nodes.csv');
const PLACEMENTS = join(DIR, 'placements.json');

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON output is untyped data */
const defrag = (...args: string[]) =>
  runCli(['defrag', '--nodes', NODES, '--placements', PLACEMENTS, ...args]);

/** Applies the moves to the example's nodes and placements as an outside script would; returns the problems. */
function checkFromOutside(plan: any, pod: { gpu: number; cpu: number; mem: number }): string[] {
  const nodes = new Map(
    readFileSync(NODES, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [name, cpu, mem, gpu] = line.split(',');
        return [
          name,
          { cpu: Number(cpu), mem: Number(mem), devices: Array(Number(gpu)).fill(0) as number[] },
        ];
      }),
  );
  const placements = JSON.parse(readFileSync(PLACEMENTS, 'utf8')).placements as any[];
  const use = (p: any, node: string, devices: number[], sign: number) => {
    const n = nodes.get(node)!;
    n.cpu -= sign * p.cpuMilli;
    n.mem -= sign * p.memMiB;
    for (const d of devices) n.devices[d] += sign * p.milliPerDevice;
  };
  const problems: string[] = [];
  const check = (when: string) => {
    for (const [name, n] of nodes) {
      if (n.cpu < 0 || n.mem < 0 || n.devices.some((m) => m > 1000))
        problems.push(`${when}: ${name} overcommitted`);
    }
  };
  for (const p of placements) use(p, p.node, p.devices, 1);
  for (const [i, m] of plan.moves.entries()) {
    const p = placements.find((x) => x.namespace === m.namespace && x.name === m.name);
    expect(p.node).toBe(m.from.node);
    expect(p.devices).toEqual(m.from.devices);
    use(p, m.from.node, m.from.devices, -1);
    use(p, m.to.node, m.to.devices, 1);
    expect(m.to.devices).toHaveLength(m.from.devices.length);
    Object.assign(p, { node: m.to.node, devices: m.to.devices });
    check(`after move ${i + 1}`);
  }
  use({ cpuMilli: pod.cpu, memMiB: pod.mem, milliPerDevice: 1000 }, plan.target.node, plan.target.devices, 1);
  expect(plan.target.devices).toHaveLength(pod.gpu);
  check('with the pending pod');
  return problems;
}

describe('hyperfleet defrag', () => {
  it('prints the contract with --json: moves in order, target, cost; applying them never overcommits', () => {
    const r = defrag('--pod', 'gpu=2,cpu=8000,mem=32768', '--json');
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.feasible).toBe(true);
    expect(plan.moves.length).toBeGreaterThan(0);
    for (const m of plan.moves)
      expect(Object.keys(m).sort()).toEqual(['cost', 'from', 'name', 'namespace', 'to']);
    expect(plan.cost).toBeCloseTo(
      plan.moves.reduce((s: number, m: any) => s + m.cost, 0),
      9,
    );
    expect(checkFromOutside(plan, { gpu: 2, cpu: 8000, mem: 32768 })).toEqual([]);
    expect(plan.fragmentation.beforeGpus).toBeGreaterThan(plan.fragmentation.afterGpus);
    // Deterministic: the same input gives the same bytes.
    expect(defrag('--pod', 'gpu=2,cpu=8000,mem=32768', '--json').stdout).toBe(r.stdout);
  });

  it('moves the cheapest pods: the two best-effort sharing pods, not the latency-sensitive ones', () => {
    const plan = JSON.parse(defrag('--pod', 'gpu=2,cpu=8000,mem=32768', '--json').stdout);
    expect(plan.moves.map((m: any) => m.name).sort()).toEqual(['infer-1', 'infer-2']);
  });

  it('prints a readable plan without --json', () => {
    const r = defrag('--pod', 'gpu=2,cpu=8000,mem=32768');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^plan: 2 moves, cost 2\.75 \(least cost, proven\)\n {2}1\. ml\/infer-2: node-a \[3\] → /,
    );
    expect(r.stdout).toMatch(/then the pending pod → node-a \[2,3\]/);
  });

  it('says impossible, and why, when no plan exists', () => {
    const r = defrag('--pod', 'gpu=4,cpu=8000,mem=32768,model=T4', '--json');
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.feasible).toBe(false);
    expect(plan.reason).toBe(
      'impossible within 4 moves: needs 4 whole GPUs on one node; no node has 4 devices of an allowed model (T4) (the most is 2)',
    );
  });

  it('refuses bad input with one line and exit 2', () => {
    expectRefusal(defrag('--pod', 'gpux=4'), /--pod: unknown key "gpux"/);
    expectRefusal(defrag('--pod', 'gpu=1', '--max-moves', 'two'), /--max-moves: expected a whole number/);
    const dir = tempDir('hyperfleet-defrag-');
    const bad = join(dir, 'placements.json');
    const placements = JSON.parse(readFileSync(PLACEMENTS, 'utf8'));
    placements.placements[1].node = 'node-x';
    writeFileSync(bad, JSON.stringify(placements, null, 2));
    expectRefusal(
      runCli(['defrag', '--nodes', NODES, '--placements', bad, '--pod', 'gpu=1']),
      /placements\.json:\d+: placements\[1\]\.node: no node of that name \(did you mean "node-\w"\?\)/,
    );
    placements.placements[1].node = 'node-a';
    placements.placements[1].devices = [3];
    placements.placements[1].milliPerDevice = 800;
    writeFileSync(bad, JSON.stringify(placements, null, 2));
    expectRefusal(
      runCli(['defrag', '--nodes', NODES, '--placements', bad, '--pod', 'gpu=1']),
      /placements\[2\]: device 3: 250 milli, 200 left: more than node node-a holds/,
    );
  });
});
