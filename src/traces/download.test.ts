/**
 * Unit tests of the `--files` resolution of traces/download (the downloads themselves are tested end to end in
 * test/e2e/traces-fetch.test.ts against a local HTTP server).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { openbFileSet } from './download.js';
import { PAPER_WORKLOADS } from './openb-trace.js';

describe('openbFileSet', () => {
  it('default: the GPU node list and the 17 pod lists of the paper', () => {
    const files = openbFileSet('default');
    expect(files).toHaveLength(18);
    expect(files[0]).toBe('openb_node_list_gpu_node.csv');
    expect(files).toContain('openb_pod_list_multigpu50.csv');
    expect(PAPER_WORKLOADS).toHaveLength(17);
  });

  it('all: adds the all-node list and the other published pod lists', () => {
    const files = openbFileSet('all');
    expect(files).toHaveLength(26);
    expect(files).toContain('openb_node_list_all_node.csv');
    expect(files).toContain('openb_pod_list_cpu300.csv');
    expect(new Set(files).size).toBe(files.length);
  });

  it('a comma list of short and full names, without duplicates', () => {
    expect(openbFileSet(' gpu_node, default ,openb_pod_list_cpu050.csv,cpu050,')).toEqual([
      'openb_node_list_gpu_node.csv',
      'openb_pod_list_default.csv',
      'openb_pod_list_cpu050.csv',
    ]);
  });

  it('refuses unknown short names and empty lists', () => {
    expect(() => openbFileSet('gpushare50')).toThrow(InputError);
    expect(() => openbFileSet('gpushare50')).toThrow(
      /--files: expected default, all, or a comma list .* got "gpushare50"/,
    );
    expect(() => openbFileSet(',')).toThrow(/--files: expected at least one file, got ","/);
  });
});
