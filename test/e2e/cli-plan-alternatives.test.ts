/**
 * `hyperfleet plan` end to end on examples/plans/small.yaml with its demand given the other ways: the training line
 * as the jobs of a workload file whose pods add up to the same device-hours per quarter, and a service in tokens/s
 * equal to its requests/s × (input + output tokens). The plan must be the example's own — same demand, same answer —
 * with the assignment still in requests/s; a bad workload is one clear line at the demand file's line.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliRun } from '../support/cli.js';
import { demandVariant, SMALL_DEMAND } from '../support/plan-demand.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON output and YAML variants are untyped data */
const QUARTER_SEC = 2190 * 3600;
const HEADER =
  'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';

/** `count` 8-device pods of 100 h from `startSec` on: 800 × count device-hours. */
function pods(prefix: string, count: number, startSec: number): string[] {
  return Array.from({ length: count }, (_, k) => {
    const t = startSec + k * 10_000;
    return `${prefix}-${k},64000,131072,8,1000,,LS,Running,${t},${t + 100 * 3600},${t}`;
  });
}

let dir: string;
let example: CliRun;
let variant: CliRun;

beforeAll(() => {
  dir = tempDir('hyperfleet-plan-alt-');
  // The example's finetune demand is [300000, 400000] device-hours: 375 and 500 pods of 800, plus a CPU-only pod
  // and a pod past the horizon, which count nothing.
  writeFileSync(
    join(dir, 'jobs.csv'),
    [
      HEADER,
      ...pods('q0', 375, 0),
      'cpu-only,4000,8192,0,0,,LS,Running,50,900000,50',
      ...pods('q1', 500, QUARTER_SEC),
      ...pods('later', 1, 2 * QUARTER_SEC + 60),
    ].join('\n') + '\n',
  );
  const file = demandVariant(dir, 'alternatives.yaml', (d: any) => {
    delete d.training[0].deviceHours;
    d.training[0].workload = 'jobs.csv';
    const chat = d.inference[0];
    chat.peakTokensPerSec = chat.peakRequestsPerSec.map(
      (r: number) => r * (chat.inputTokens + chat.outputTokens),
    );
    delete chat.peakRequestsPerSec;
  });
  example = runCli(['plan', '--demand', SMALL_DEMAND, '--json']);
  variant = runCli(['plan', '--demand', file, '--json']);
});

describe('hyperfleet plan with training as a workload and a service in tokens/s', () => {
  it('plans exactly what the example plans: same objective, nodes and assignment, in requests/s', () => {
    expect(example.status).toBe(0);
    expect(variant.status).toBe(0);
    const a = JSON.parse(example.stdout);
    const b = JSON.parse(variant.stdout);
    expect(b.status).toBe('optimal');
    expect(b.objectiveUsd).toBe(a.objectiveUsd);
    expect(b.chips.map((c: any) => c.nodesBought)).toEqual(a.chips.map((c: any) => c.nodesBought));
    expect(b.assignment).toEqual(a.assignment);
    expect(b.assignment.find((x: any) => x.line === 'chat').unit).toBe('requests/s');
  });

  it('refuses a demand whose workload file is missing, with one line at the demand file’s line', () => {
    const file = demandVariant(dir, 'missing.yaml', (d: any) => {
      delete d.training[0].deviceHours;
      d.training[0].workload = 'none.csv';
    });
    const r = runCli(['plan', '--demand', file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('✖'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /missing\.yaml:\d+: training\[0\]\.workload: workload file not found at .*none\.csv/,
    );
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+|internal error/);
  });
});
