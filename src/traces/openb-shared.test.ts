/**
 * The openb loaders on the real public trace (offline copy in ../shared/traces, skipped when absent): counts must
 * match the facts of spec fgd-reproduction §1.1–§1.2, and the fast readers must agree with the general ones.
 * (Loading speed is measured by bench/, not asserted here.)
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { podClass, totalGpuMilli } from '../model/pod.js';
import { podsOf } from '../model/pod-table.js';
import { announceSkip, sharedOpenbDir } from '../../test/support/shared.js';
import { checkGpuTypesExist, loadOpenbNodes, loadOpenbPods, loadOpenbPodTable } from './openb.js';
import { parseCsvRecords, splitPlainCsv } from '../input/csv-records.js';

const dir = announceSkip(sharedOpenbDir(), 'openb shared-trace tests');

/**
 * Spec §1.2 table: pods, CPU-only, sharing, 1 whole GPU, 2-GPU, 4-GPU, 8-GPU, with gpu_spec, Σ m·k.
 */
const TRACE_FACTS: Record<string, readonly number[]> = {
  default: [8152, 1088, 3078, 3911, 16, 15, 44, 0, 6086800],
  cpu050: [7439, 375, 3078, 3911, 16, 15, 44, 0, 6086800],
  cpu100: [7853, 789, 3078, 3911, 16, 15, 44, 0, 6086800],
  cpu200: [8832, 1768, 3078, 3911, 16, 15, 44, 0, 6086800],
  cpu250: [9420, 2356, 3078, 3911, 16, 15, 44, 0, 6086800],
  gpushare40: [8152, 1088, 4001, 3001, 12, 11, 39, 0, 5641250],
  gpushare60: [8152, 1088, 5233, 1801, 7, 9, 14, 0, 4908340],
  gpushare80: [8152, 1088, 6279, 768, 2, 3, 12, 0, 4408190],
  gpushare100: [8152, 1088, 7064, 0, 0, 0, 0, 0, 3952670],
  gpuspec10: [8152, 1088, 3078, 3911, 16, 15, 44, 732, 6086800],
  gpuspec20: [8152, 1088, 3078, 3911, 16, 15, 44, 1444, 6086800],
  gpuspec25: [8152, 1088, 3078, 3911, 16, 15, 44, 1759, 6086800],
  gpuspec33: [8152, 1088, 3078, 3911, 16, 15, 44, 2388, 6086800],
  multigpu20: [8324, 1088, 3078, 3911, 54, 52, 141, 0, 7086800],
  multigpu30: [8508, 1088, 3078, 3911, 112, 83, 236, 0, 8086800],
  multigpu40: [8746, 1088, 3078, 3911, 156, 154, 359, 0, 9442800],
  multigpu50: [9061, 1088, 3078, 3911, 222, 206, 556, 0, 11358800],
};

describe.skipIf(!dir)('openb shared traces', () => {
  const file = (name: string): string => join(dir!, name);

  it('node list: 1213 nodes, 6212 GPUs and the totals of spec §1.1', async () => {
    const nodes = await loadOpenbNodes(file('openb_node_list_gpu_node.csv'));
    expect(nodes).toHaveLength(1213);
    const sum = (f: (n: (typeof nodes)[number]) => number): number => nodes.reduce((s, n) => s + f(n), 0);
    expect(sum((n) => n.gpuCount)).toBe(6212);
    expect(sum((n) => n.cpuMilli)).toBe(107_018_000);
    expect(sum((n) => n.memMiB)).toBe(503_828_480);
    expect(new Set(nodes.map((n) => n.gpuModel))).toEqual(
      new Set(['A10', 'G2', 'G3', 'P100', 'T4', 'V100M16', 'V100M32']),
    );
  });

  it('all-node list: 1523 nodes, 310 of them CPU-only', async () => {
    const nodes = await loadOpenbNodes(file('openb_node_list_all_node.csv'));
    expect(nodes).toHaveLength(1523);
    expect(nodes.filter((n) => n.gpuCount === 0 && n.gpuModel === '')).toHaveLength(310);
  });

  it.each(Object.keys(TRACE_FACTS))('pod list %s matches the spec table', async (trace) => {
    const nodes = await loadOpenbNodes(file('openb_node_list_gpu_node.csv'));
    const podList = await loadOpenbPods(file(`openb_pod_list_${trace}.csv`));
    const { pods, lines } = podList;
    const whole = (k: number): number =>
      pods.filter((p) => podClass(p) === 'whole-gpu' && p.gpuCount === k).length;
    expect([
      pods.length,
      pods.filter((p) => podClass(p) === 'cpu-only').length,
      pods.filter((p) => podClass(p) === 'sharing').length,
      whole(1),
      whole(2),
      whole(4),
      whole(8),
      pods.filter((p) => p.gpuTypes.length > 0).length,
      pods.reduce((s, p) => s + totalGpuMilli(p), 0),
    ]).toEqual(TRACE_FACTS[trace]);
    // No blank lines in the shipped files: pod i is on line i + 2.
    expect(lines.every((l, i) => l === i + 2)).toBe(true);
    expect(() => checkGpuTypesExist(nodes, podList, `openb_pod_list_${trace}.csv`)).not.toThrow();
    // The table the simulator loads: the same pods, far fewer objects, rows already in name order.
    const { table, lines: tableLines } = await loadOpenbPodTable(file(`openb_pod_list_${trace}.csv`));
    expect(JSON.stringify(podsOf(table)) === JSON.stringify(pods)).toBe(true);
    expect(tableLines).toEqual(lines);
    expect(table.sortedByName).toBe(true);
    expect(table.shapes.length).toBeLessThan(pods.length / 10);
  });

  it('every shared openb file loads, and the fast split agrees with csv-parse on each', async () => {
    const files = readdirSync(dir!).filter((f) => /^openb_.*\.csv$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(18);
    for (const f of files) {
      const buf = await readFile(file(f));
      // Compared as JSON: a deep toEqual of ~100k-field tables takes seconds.
      expect(JSON.stringify(splitPlainCsv(buf)) === JSON.stringify(parseCsvRecords(buf)), f).toBe(true);
      if (f.startsWith('openb_node_list_')) await loadOpenbNodes(file(f));
      else await loadOpenbPods(file(f));
    }
  });

  it('reads every shared file by splitting exactly as through csv-parse', async () => {
    // A copy with CRLF line ends is read by csv-parse; the original by the plain split.
    const tmp = await mkdtemp(join(tmpdir(), 'hf-openb-'));
    try {
      for (const f of readdirSync(dir!).filter((name) => /^openb_.*\.csv$/.test(name))) {
        const crlf = join(tmp, f);
        await writeFile(crlf, (await readFile(file(f), 'utf8')).replaceAll('\n', '\r\n'));
        const [a, b] = f.startsWith('openb_node_list_')
          ? [await loadOpenbNodes(file(f)), await loadOpenbNodes(crlf)]
          : [await loadOpenbPods(file(f)), await loadOpenbPods(crlf)];
        expect(JSON.stringify(a) === JSON.stringify(b), f).toBe(true);
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
