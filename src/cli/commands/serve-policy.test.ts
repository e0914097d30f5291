/**
 * The one rule for the policy a `serve` replica runs (at the start and at every rebuild): asked for, else stored,
 * else FGD with typical pods, else BestFit with a note; a policy of the FGD family without typical pods is an
 * input error naming `--policy`; the running policy object is kept when the name does not change.
 */
import { describe, expect, it } from 'vitest';
import { isInputError } from '../../errors/index.js';
import type { PodSpec } from '../../model/index.js';
import { createPolicy, typicalPods } from '../../policies/index.js';
import { resolvePolicy } from './serve-policy.js';

const TYPICAL = typicalPods([
  { name: 'a', cpuMilli: 4000, memMiB: 8192, gpuCount: 1, gpuMilli: 1000, gpuTypes: [] },
  { name: 'b', cpuMilli: 2000, memMiB: 4096, gpuCount: 1, gpuMilli: 500, gpuTypes: [] },
] satisfies PodSpec[]);

describe('resolvePolicy', () => {
  it('takes the one asked for, else the stored one, else FGD with typical pods, else BestFit', () => {
    expect(resolvePolicy('packing', 'dotprod', TYPICAL).policy.name).toBe('packing');
    expect(resolvePolicy(undefined, 'dotprod', TYPICAL).policy.name).toBe('dotprod');
    const withTypical = resolvePolicy(undefined, undefined, TYPICAL);
    expect(withTypical.policy.name).toBe('fgd');
    expect(withTypical.fallback).toBeUndefined();
    const without = resolvePolicy(undefined, undefined, undefined);
    expect(without.policy.name).toBe('bestfit');
    expect(without.fallback).toMatch(/no typical pods for FGD .*: using bestfit/);
  });

  it.each([
    ['asked for', 'fgd', undefined],
    ['stored', undefined, 'fgd'],
    ['stored (fgd-cost)', undefined, 'fgd-cost'],
  ])('refuses FGD without typical pods (%s)', (_what, requested, stored) => {
    let error: unknown;
    try {
      resolvePolicy(requested, stored, undefined);
    } catch (e) {
      error = e;
    }
    expect(isInputError(error)).toBe(true);
    const name = requested ?? stored;
    expect((error as Error).message).toContain(`--policy: ${name} needs the typical pods of the workload`);
  });

  it('keeps the running policy when the name is the same, and makes a new one when it changes', () => {
    const running = createPolicy('fgd', { typical: TYPICAL });
    expect(resolvePolicy(undefined, 'fgd', TYPICAL, running).policy).toBe(running);
    expect(resolvePolicy(undefined, 'bestfit', TYPICAL, running).policy.name).toBe('bestfit');
  });
});
