import { describe, expect, it } from 'vitest';
import type { PodSpec } from './pod.js';
import { isPodTable, podsOf, podTableOf, ShapeIndex } from './pod-table.js';
import { typicalPods } from '../policies/typical-pods.js';

const pod = (
  name: string,
  cpuMilli: number,
  memMiB: number,
  gpuCount = 0,
  gpuMilli = 0,
  gpuTypes: string[] = [],
) => ({ name, cpuMilli, memMiB, gpuCount, gpuMilli, gpuTypes }) satisfies PodSpec;

describe('ShapeIndex', () => {
  it('gives pods with the same request the same id, and any difference its own', () => {
    const index = new ShapeIndex();
    const a = pod('a', 1000, 2048, 1, 500, ['T4', 'G2']);
    expect(index.idOf(a)).toBe(0);
    expect(index.idOf(pod('b', 1000, 2048, 1, 500, ['T4', 'G2']))).toBe(0);
    expect(index.shapes).toEqual([a]); // the first pod with the request stands for it
    const others = [
      pod('c', 1000, 2048, 1, 500, ['G2', 'T4']), // the constraint as written, order included
      pod('d', 1000, 2048, 1, 500, ['T4']),
      pod('e', 1000, 4096, 1, 500, ['T4', 'G2']),
      pod('f', 2000, 2048, 1, 500, ['T4', 'G2']),
      pod('g', 1000, 2048, 2, 500, ['T4', 'G2']),
      pod('h', 1000, 2048, 1, 1000, ['T4', 'G2']),
    ];
    expect(others.map((p) => index.idOf(p))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(index.find(pod('x', 1000, 2048, 1, 500, ['T4']))).toBe(2);
    expect(index.find(pod('y', 1, 1))).toBe(-1);
  });
});

describe('podTableOf', () => {
  const pods = [
    pod('p-1', 1000, 2048, 1, 500),
    pod('p-2', 8000, 4096, 1, 1000),
    pod('p-3', 1000, 2048, 1, 500),
    pod('p-4', 1000, 2048),
    pod('p-5', 8000, 4096, 1, 1000),
  ];

  it('keeps one shape per request and each row its own pod', () => {
    const table = podTableOf(pods);
    expect(isPodTable(table)).toBe(true);
    expect(isPodTable(pods)).toBe(false);
    expect(table.count).toBe(5);
    expect(table.shapes).toEqual([pods[0], pods[1], pods[3]]);
    expect([...table.shapeOf]).toEqual([0, 1, 0, 2, 1]);
    expect(table.sortedByName).toBe(true);
    expect(table.nameOf(2)).toBe('p-3');
    expect(podsOf(table)).toEqual(pods);
    expect(podTableOf(pods.slice().reverse()).sortedByName).toBe(false);
    expect(podTableOf([pods[0], pods[0]]).sortedByName).toBe(false); // equal names are not ascending
  });

  it('gives the typical pods of its rows', () => {
    const table = podTableOf(pods);
    expect(typicalPods(table)).toEqual(typicalPods(pods));
    expect(typicalPods(table).types.map((t) => t.count)).toEqual([2, 2, 1]);
  });
});
