import { describe, expect, it } from 'vitest';
import {
  formatFixed,
  formatGrouped,
  formatMW,
  formatPercent,
  formatSigned,
  formatUsd,
} from './number-format.js';

describe('formatFixed', () => {
  it('rounds to the given decimals (2 by default)', () => {
    expect(formatFixed(95.237)).toBe('95.24');
    expect(formatFixed(95.237, 1)).toBe('95.2');
    expect(formatFixed(7, 0)).toBe('7');
  });
  it('never writes a negative zero', () => {
    expect(formatFixed(-0.001)).toBe('0.00');
    expect(formatFixed(-0)).toBe('0.00');
    expect(formatFixed(-0.04, 1)).toBe('0.0');
    expect(formatFixed(-0.06, 1)).toBe('-0.1');
  });
  it('writes n/a for missing and non-finite values', () => {
    for (const v of [null, undefined, Number.NaN, Infinity, -Infinity]) expect(formatFixed(v)).toBe('n/a');
  });
  it('does not group digits', () => {
    expect(formatFixed(12345.6, 1)).toBe('12345.6');
  });
});

describe('formatSigned', () => {
  it('signs positive values with + and negative ones with a true minus', () => {
    expect(formatSigned(1.2)).toBe('+1.20');
    expect(formatSigned(-0.345)).toBe('\u22120.34');
  });
  it('leaves a zero (also one rounded to zero) unsigned', () => {
    expect(formatSigned(0)).toBe('0.00');
    expect(formatSigned(0.001)).toBe('0.00');
    expect(formatSigned(-0.001)).toBe('0.00');
  });
  it('writes n/a for missing values', () => {
    expect(formatSigned(null)).toBe('n/a');
    expect(formatSigned(Number.NaN)).toBe('n/a');
  });
});

describe('formatPercent', () => {
  it('writes one decimal and a spaced percent sign', () => {
    expect(formatPercent(95.24)).toBe('95.2 %');
    expect(formatPercent(null)).toBe('n/a');
  });
});

describe('formatGrouped', () => {
  it('groups thousands en-US style with exactly the given decimals', () => {
    expect(formatGrouped(1234567.891)).toBe('1,234,568');
    expect(formatGrouped(1234.5, 1)).toBe('1,234.5');
    expect(formatGrouped(2, 2)).toBe('2.00');
    expect(formatGrouped(999.96, 1)).toBe('1,000.0');
  });
});

describe('formatUsd', () => {
  it('writes bn, M or plain USD by size', () => {
    expect(formatUsd(1.234e10)).toBe('12.34 bn USD');
    expect(formatUsd(10390298.544)).toBe('10.4 M USD');
    expect(formatUsd(1617.096)).toBe('1,617 USD');
    expect(formatUsd(-2.5e6)).toBe('-2.5 M USD');
  });
  it('writes n/a for a missing cost', () => {
    expect(formatUsd(null)).toBe('n/a');
    expect(formatUsd(Number.NaN)).toBe('n/a');
  });
});

describe('formatMW', () => {
  it('keeps three significant figures down to the kW', () => {
    expect(formatMW(341.4)).toBe('341 MW');
    expect(formatMW(1250)).toBe('1,250 MW');
    expect(formatMW(20.46)).toBe('20.5 MW');
    expect(formatMW(2.046)).toBe('2.05 MW');
    expect(formatMW(0.37453)).toBe('0.375 MW');
    expect(formatMW(null)).toBe('n/a');
  });
});
