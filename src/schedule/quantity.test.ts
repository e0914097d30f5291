import { describe, expect, it } from 'vitest';
import { parseMiB, parseMilli, parseUnits, parseWholeUnits } from './quantity.js';

describe('Kubernetes quantities', () => {
  it('parses CPU in milli, exactly and rounded up', () => {
    expect(parseMilli('500m')).toBe(500);
    expect(parseMilli('2')).toBe(2000);
    expect(parseMilli('12')).toBe(12000);
    expect(parseMilli('0.1')).toBe(100);
    expect(parseMilli('1.5')).toBe(1500);
    expect(parseMilli('.5')).toBe(500);
    expect(parseMilli('2k')).toBe(2_000_000);
    expect(parseMilli('1e3')).toBe(1_000_000);
    expect(parseMilli('1E-3')).toBe(1);
    expect(parseMilli('100u')).toBe(1); // rounded up, as Kubernetes' MilliValue()
  });

  it('parses memory in MiB from binary, decimal and plain byte forms', () => {
    expect(parseMiB('1Gi')).toBe(1024);
    expect(parseMiB('16Gi')).toBe(16384);
    expect(parseMiB('512Mi')).toBe(512);
    expect(parseMiB('1048576')).toBe(1);
    expect(parseMiB('1048577')).toBe(2);
    expect(parseMiB('1M')).toBe(1); // 10^6 bytes round up to one MiB
    expect(parseMiB('0.5Gi')).toBe(512);
    expect(parseMiB('0')).toBe(0);
  });

  it('parses whole units', () => {
    expect(parseUnits('4')).toBe(4);
    expect(parseUnits('2k')).toBe(2000);
  });

  it('parses exact whole units, and says when a quantity is not whole', () => {
    expect(parseWholeUnits('4')).toBe(4);
    expect(parseWholeUnits('4k')).toBe(4000); // the API server's canonical form of 4000
    expect(parseWholeUnits('1e3')).toBe(1000);
    expect(parseWholeUnits('2000m')).toBe(2);
    expect(parseWholeUnits('0')).toBe(0);
    expect(parseWholeUnits('-2')).toBe(-2); // the callers refuse negative counts at their field
    for (const partial of ['500m', '1.5', '2001m', '0.5']) {
      expect(parseWholeUnits(partial), partial).toBeUndefined();
    }
    expect(() => parseWholeUnits('two')).toThrow(/"two" is not a Kubernetes quantity/);
    expect(() => parseWholeUnits('1e30')).toThrow(/"1e30" is too large/);
  });

  it('rejects what is not a quantity', () => {
    for (const bad of ['', 'abc', '1.2.3', '5 Gi', '1Qi', 'Gi', '--1', '1e']) {
      expect(() => parseMilli(bad), bad).toThrow(/quantity/);
    }
  });
});
