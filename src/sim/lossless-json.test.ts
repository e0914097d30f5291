import { describe, expect, it } from 'vitest';
import { parseLossless, stringifyLossless } from './lossless-json.js';

describe('lossless JSON', () => {
  it('gives back NaN, ±Infinity and -0, which plain JSON loses', () => {
    const value = { series: [NaN, Infinity, -Infinity, -0, 0, 0.1 + 0.2, 5e-324], name: 'NaN' };
    const back = parseLossless(stringifyLossless(value)) as typeof value;
    expect(back.name).toBe('NaN');
    expect(back.series.map((v) => (Object.is(v, -0) ? '-0' : String(v)))).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      '-0',
      '0',
      String(0.1 + 0.2),
      '5e-324',
    ]);
    expect(JSON.parse(JSON.stringify(value)).series[0]).toBeNull();
  });
});
