import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOpenbNodes, loadOpenbPods } from './openb.js';
import { formatOpenbNodes, formatOpenbPods } from './openb-format.js';
import { syntheticOpenbTrace } from './synthetic-openb.js';

describe('openb CSV writer', () => {
  it('writes lists the openb loaders read back unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperfleet-format-'));
    const { nodes, pods } = syntheticOpenbTrace(5, 40);
    writeFileSync(join(dir, 'nodes.csv'), formatOpenbNodes(nodes));
    writeFileSync(join(dir, 'pods.csv'), formatOpenbPods(pods));
    expect(await loadOpenbNodes(join(dir, 'nodes.csv'))).toEqual(nodes);
    const back = (await loadOpenbPods(join(dir, 'pods.csv'))).pods;
    expect(back.map((p) => [p.name, p.cpuMilli, p.memMiB, p.gpuCount, p.gpuMilli, [...p.gpuTypes]])).toEqual(
      pods.map((p) => [p.name, p.cpuMilli, p.memMiB, p.gpuCount, p.gpuMilli, [...p.gpuTypes]]),
    );
  });
});
