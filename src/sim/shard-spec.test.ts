import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { parseShard, shardPositions } from './shard-spec.js';

describe('parseShard', () => {
  it('reads i/N, and /N or $(JOB_COMPLETION_INDEX)/N from the environment', () => {
    expect(parseShard('2/4', {})).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 0 / 1 ', {})).toEqual({ index: 0, count: 1 });
    expect(parseShard('/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    expect(parseShard('$(JOB_COMPLETION_INDEX)/8', { JOB_COMPLETION_INDEX: '7' })).toEqual({
      index: 7,
      count: 8,
    });
    // An explicit index wins over the environment.
    expect(parseShard('1/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 1, count: 4 });
  });

  it.each(['4/4', '-1/4', '1/0', '1.5/4', '1', 'x/4', '1/100001', ''])('refuses %j', (text) => {
    expect(() => parseShard(text, {})).toThrow(InputError);
  });

  it('refuses /N when the index variable is unset or out of range', () => {
    expect(() => parseShard('/4', {})).toThrow(/JOB_COMPLETION_INDEX, which is not set/);
    expect(() => parseShard('/4', { JOB_COMPLETION_INDEX: '4' })).toThrow(/from 0 to 3/);
  });
});

describe('shardPositions', () => {
  it('partitions the tasks: every position in exactly one shard, balanced to within one', () => {
    for (const total of [0, 1, 7, 40]) {
      for (const count of [1, 3, 4, 50]) {
        const all = Array.from({ length: count }, (_, index) => shardPositions(total, { index, count }));
        expect(all.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, k) => k));
        const sizes = all.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });
});
