import { describe, expect, it } from 'vitest';
import { queryWindow, subqueryChunks } from './prometheus-window.js';

const DAY = 86400;

describe('the query window', () => {
  it('rounds from and to outwards to whole steps and counts the steps', () => {
    const w = queryWindow(37, 12 * 3600 - 23, { stepSec: 60, idleForSec: 1800, heatColumns: 96 });
    expect([w.fromSec, w.toSec, w.lengthSec, w.steps, w.idleSteps]).toEqual([0, 43200, 43200, 720, 30]);
  });

  it('reads per-pod figures at about 1000 points per window, never finer than the step', () => {
    expect(queryWindow(0, 12 * 3600, { stepSec: 60, idleForSec: 60, heatColumns: 96 }).coarseSec).toBe(60);
    // 7 days / 1000 = 604.8 s, rounded up to whole minutes.
    expect(queryWindow(0, 7 * DAY, { stepSec: 60, idleForSec: 60, heatColumns: 96 }).coarseSec).toBe(660);
  });

  it('cuts the heat map in buckets of whole steps, as many whole ones as fit', () => {
    // 43200 s / 96 = 450 s → 8 steps of 60 s = 480 s; 43200 / 480 = 90 columns.
    const w = queryWindow(0, 43200, { stepSec: 60, idleForSec: 60, heatColumns: 96 });
    expect([w.heatBucketSec, w.heatColumns]).toEqual([480, 90]);
    const perStep = queryWindow(0, 43200, { stepSec: 60, idleForSec: 60, heatColumns: 720 });
    expect([perStep.heatBucketSec, perStep.heatColumns]).toEqual([60, 720]);
  });
});

describe('subquery chunks', () => {
  it('halves a window under two days', () => {
    expect(subqueryChunks(0, 43200, 60)).toEqual({
      chunkSec: 21600,
      chunks: [
        [0, 21600],
        [21600, 43200],
      ],
    });
  });

  it('cuts a week in days, and a last chunk shorter than two steps joins the one before', () => {
    expect(subqueryChunks(0, 7 * DAY, 60).chunks).toHaveLength(7);
    const { chunks } = subqueryChunks(0, 7 * DAY + 60, 60);
    expect(chunks).toHaveLength(7);
    expect(chunks[6]).toEqual([6 * DAY, 7 * DAY + 60]);
  });

  it('keeps a window of three steps whole', () => {
    expect(subqueryChunks(600, 780, 60).chunks).toEqual([[600, 780]]);
  });

  it('covers every window with whole-step chunks, one after the other', () => {
    for (const [steps, S] of [
      [1, 60],
      [4, 60],
      [5, 60],
      [1441, 60],
      [2881, 60],
      [10081, 60],
      [333, 7],
    ]) {
      const from = 1000 * S;
      const to = from + steps * S;
      const { chunkSec, chunks } = subqueryChunks(from, to, S);
      expect(chunkSec % S).toBe(0);
      expect(chunkSec).toBeLessThanOrEqual(DAY + S);
      expect(chunks[0][0]).toBe(from);
      expect(chunks.at(-1)![1]).toBe(to);
      for (let i = 0; i < chunks.length; i++) {
        const [a, e] = chunks[i];
        if (i > 0) expect(a).toBe(chunks[i - 1][1]);
        expect((e - a) % S).toBe(0);
        if (chunks.length > 1) expect(e - a).toBeGreaterThanOrEqual(2 * S);
        expect(e - a).toBeLessThan(chunkSec + 2 * S);
      }
      if (steps >= 4) expect(chunks.length).toBeGreaterThanOrEqual(2);
    }
  });
});
