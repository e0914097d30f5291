import { describe, expect, it } from 'vitest';
import { combineVectors, concatMatrices, seriesKey, sortBySeries } from './prometheus-series.js';

const a = { host: 'n1', gpu: '0' };
const aReordered = { gpu: '0', host: 'n1' };
const b = { host: 'n1', gpu: '1' };

describe('answers per series', () => {
  it('a series is the same whatever the order of its labels', () => {
    expect(seriesKey(a)).toBe(seriesKey(aReordered));
    expect(seriesKey(a)).not.toBe(seriesKey(b));
  });

  it('adds up sums and counts of the chunks per series, and takes max and min', () => {
    const parts = [
      [
        { metric: a, value: 3 },
        { metric: b, value: 10 },
      ],
      [{ metric: aReordered, value: 5 }],
    ];
    const values = (fn: 'sum' | 'count' | 'max' | 'min') =>
      combineVectors(fn, parts).map((s) => [s.metric.gpu, s.value]);
    expect(values('sum')).toEqual([
      ['0', 8],
      ['1', 10],
    ]);
    expect(values('count')).toEqual(values('sum'));
    expect(values('max')).toEqual([
      ['0', 5],
      ['1', 10],
    ]);
    expect(values('min')).toEqual([
      ['0', 3],
      ['1', 10],
    ]);
  });

  it('joins the columns of consecutive range queries per series, in order', () => {
    const joined = concatMatrices([
      [
        {
          metric: a,
          values: [
            [1, 10],
            [2, 20],
          ],
        },
      ],
      [
        { metric: b, values: [[3, 5]] },
        { metric: aReordered, values: [[3, 30]] },
      ],
    ]);
    expect(joined.map((s) => [s.metric.gpu, s.values])).toEqual([
      [
        '0',
        [
          [1, 10],
          [2, 20],
          [3, 30],
        ],
      ],
      ['1', [[3, 5]]],
    ]);
  });

  it('puts the series of an answer in one order whatever order Prometheus sent', () => {
    const series = [
      { metric: { host: 'n2', gpu: '0' }, value: 1 },
      { metric: b, value: 2 },
      { metric: a, value: 3 },
    ];
    const sorted = sortBySeries(series).map((s) => s.value);
    expect(sortBySeries([...series].reverse()).map((s) => s.value)).toEqual(sorted);
    expect(sortBySeries([series[1], series[0], series[2]]).map((s) => s.value)).toEqual(sorted);
  });
});
