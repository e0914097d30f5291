/**
 * `hyperfleet plan --report` end to end against the built CLI: the report of examples/plans/small.yaml carries the
 * figures of the same run's JSON and the SLOs of the demand file; a demand that cannot be met still gets a report
 * (with its reasons, exit 3); a path that cannot be written is exit 2 before the demand is even read.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMW, formatUsd } from '../../src/report/number-format.js';
import { projectRoot, runCli, tempDir } from '../support/cli.js';

const EXAMPLE = join(projectRoot, 'examples/plans/small.yaml');

let dir: string;
beforeAll(() => {
  dir = tempDir('hyperfleet-plan-report-');
});

describe('hyperfleet plan --report', () => {
  it('writes the plan’s report with the figures of its JSON and the demand’s SLOs', () => {
    const file = join(dir, 'plan.html');
    const r = runCli(['plan', '--demand', EXAMPLE, '--json', '--report', file]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`report: ${file}`);
    const plan = JSON.parse(r.stdout);
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain(`${formatUsd(plan.objectiveUsd)} over 2 quarters`);
    expect(html).toContain(`${formatMW(Math.max(...plan.facilityMW))} of a 20.0 MW cap`);
    // chat's SLO in the file: TTFT 2 s, TPOT 0.1 s.
    expect(html).toMatch(/<td>[\d,.]+ ms ≤ 2,000\.0 ms<\/td><td>[\d,.]+ ms ≤ 100\.0 ms<\/td>/);
    for (const c of plan.chips) expect(html).toContain(c.accelerator);
    expect(readdirSync(dir).filter((f) => f.startsWith('plan.html'))).toEqual(['plan.html']);
  });

  it('reports a demand that cannot be met with its reasons, exit 3', () => {
    const demand = join(dir, 'tight.yaml');
    writeFileSync(demand, readFileSync(EXAMPLE, 'utf8').replace('powerCapMW: 20', 'powerCapMW: 0.2'));
    const file = join(dir, 'tight.html');
    const r = runCli(['plan', '--demand', demand, '--no-check', '--report', file]);
    expect(r.status).toBe(3);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<h2>Why no plan exists</h2>');
    expect(html).toMatch(/power cap 0\.2 MW: the demand needs at least [\d.]+ MW/);
  });

  it('refuses a report path in a missing folder with exit 2 before reading the demand', () => {
    const r = runCli(['plan', '--demand', EXAMPLE, '--report', join(dir, 'no-such-folder', 'p.html')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`--report: folder ${join(dir, 'no-such-folder')} does not exist`);
    expect(r.stderr).not.toMatch(/plan: reading|internal error|^\s+at /m);
  });
});
