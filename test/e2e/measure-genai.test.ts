/**
 * `hyperfleet measure --genai`: a tiny GenAI-format trace whose figures are known by construction, malformed CSV
 * (clear `file:line: column` messages, exit 2, no report), and the real trace from ../shared when present.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip, sharedDir } from '../support/shared.js';
import { runCli, tempDir } from '../support/cli.js';
import { writeGenaiTrace as writeTrace } from '../support/genai-fixture.js';

describe('measure --genai', () => {
  it('accounts a trace known by construction', () => {
    const dir = join(tempDir(), 'genai');
    writeTrace(dir);
    const r = runCli(['measure', '--genai', dir, '--json']);
    expect(r.stderr).not.toContain('✖');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.stepSec).toBe(60);
    expect(out.devices).toBe(2);
    expect(out.deviceHours.total).toBeCloseTo(2 * 2, 9); // 120 steps each: the window is 2 h
    expect(out.deviceHours.allocated).toBeCloseTo(2 + 40 / 60, 9);
    expect(out.deviceHours.busy).toBeCloseTo((60 * 0.02 + 60 * 0.5 + 20 * 0.1) / 60, 9);
    expect(out.deviceHours.idle).toBeCloseTo(1, 9); // pod a's first hour; pod b's low steps never last 30 min
    expect(out.idleFraction).toBeCloseTo(1 / (2 + 40 / 60), 9);
    expect(out.perTeam['Generative Requests'].deviceHours.allocated).toBeCloseTo(2, 9);
    expect(out.perTeam['(no qps)'].deviceHours.allocated).toBeCloseTo(40 / 60, 9);
    expect(out.extra.meanDutyCyclePctOfSamples).toBeCloseTo((60 * 2 + 60 * 50 + 20 * 10) / 160, 9);
    // Right-sizing (granularity 50): b needs max(2 GiB·1.2/48 GiB = 50, p95 10 %·1.2 = 120) → 150 milli;
    // a needs max(8 GiB·1.2/48 GiB = 200, p95 50 %·1.2 = 600) → 600.
    const milli = Object.fromEntries(
      out.podUsage.map((p: { pod: string; rightSizedMilli: number }) => [p.pod, p.rightSizedMilli]),
    );
    expect(milli).toEqual({ aaa: 600, bbb: 150 });
    expect(out.rightSizing.devicesAfter).toBeLessThanOrEqual(out.rightSizing.devicesBefore);
  });

  it('rejects malformed CSV with file:line: column messages, exit 2 and no report', () => {
    const dir = join(tempDir(), 'genai-bad');
    writeTrace(dir);
    writeFileSync(
      join(dir, 'pod_gpu_duty_cycle_anon.csv'),
      'value,timestamp_anon,container_ip\n1.0,1700000040.0,aaa\nlots,1700000100.0,aaa\n120,1700000160.0,aaa\n3.0,1700000220.0\n',
    );
    const report = join(dir, 'report.html');
    const r = runCli(['measure', '--genai', dir, '--report', report]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'pod_gpu_duty_cycle_anon.csv:3: value: expected a number from 0 to 100, got "lots"',
    );
    expect(r.stderr).toContain(
      'pod_gpu_duty_cycle_anon.csv:4: value: expected a number from 0 to 100, got "120"',
    );
    expect(r.stderr).toContain(
      'pod_gpu_duty_cycle_anon.csv:5: malformed CSV row: 2 field(s), the header has 3, got "3.0,1700000220.0"',
    );
    expect(existsSync(report)).toBe(false);
    const missing = runCli(['measure', '--genai', join(dir, 'nope')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^✖ .*nope: --genai: folder not found/m);
  });

  const shared = announceSkip(sharedDir(), 'GenAI trace test');
  const genaiDir = shared && join(shared, 'alibaba-genai-v2026');
  it.skipIf(!genaiDir || !existsSync(genaiDir))(
    'measures the real GenAI trace (from the .tar.gz archives)',
    () => {
      const r = runCli(['measure', '--genai', genaiDir!, '--json']);
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.devices).toBe(143);
      expect(out.extra.dutyCycleSamples).toBe(157417);
      expect(out.extra.meanDutyCyclePctOfSamples).toBeCloseTo(7.03, 2);
      expect(out.idleFraction).toBeGreaterThan(0.2);
    },
  );
});
