/**
 * The snapshot's pod list asks for what `run --initial` pins for the same placements (defrag/running-pods): the
 * two read one placement the same way, and the list adds only the times a snapshot knows.
 */
import { describe, expect, it } from 'vitest';
import { type PlacementRecord, runningPods } from '../defrag/index.js';
import type { Placement } from './placements.js';
import { snapshotPods } from './snapshot.js';

const nodes = [{ name: 'n0', cpuMilli: 64000, memMiB: 262144, gpuCount: 2, gpuModel: 'nvidia-h100' }];
const records: PlacementRecord[] = [
  {
    namespace: 'ml',
    name: 'share',
    uid: 'u1',
    node: 'n0',
    devices: [1],
    milliPerDevice: 429,
    profile: '3g.40gb',
    cpuMilli: 4000,
    memMiB: 8192,
    gpuModels: ['nvidia-h100', 'nvidia-a100'],
    qos: 'Burstable',
    boundAt: 1_700_000_000_500,
  },
  // CPU-only: the models it would accept say nothing without devices
  {
    namespace: 'web',
    name: 'cpu',
    uid: 'u2',
    node: 'n0',
    devices: [],
    milliPerDevice: 0,
    cpuMilli: 500,
    memMiB: 256,
    gpuModels: ['nvidia-h100'],
    boundAt: 1_700_000_100_000,
  },
];
const placements: Placement[] = records.map((r) => ({ ...r, uid: r.uid!, boundAt: r.boundAt! }));

describe('snapshot pods', () => {
  it('ask for what run --initial pins for the same placements', () => {
    const pinned = runningPods(nodes, records);
    if (!pinned.ok) throw new Error(JSON.stringify(pinned.issues));
    const listed = snapshotPods(placements, 1_700_000_200_999);
    const untimed = listed.map(
      ({ creationTimeSec: _c, scheduledTimeSec: _s, deletionTimeSec: _d, ...spec }) => spec,
    );
    expect(untimed).toEqual(pinned.pods.map((p) => p.spec));
    expect(listed[0]).toMatchObject({ name: 'ml/share', gpuCount: 1, gpuMilli: 429, gpuProfile: '3g.40gb' });
    expect(listed[1]).toMatchObject({ name: 'web/cpu', gpuCount: 0, gpuMilli: 0, gpuTypes: [] });
  });

  it('run from their bind to the snapshot', () => {
    const [share, cpu] = snapshotPods(placements, 1_700_000_200_999);
    expect(share).toMatchObject({
      creationTimeSec: 1_700_000_000,
      scheduledTimeSec: 1_700_000_000,
      deletionTimeSec: 1_700_000_200,
    });
    expect(cpu.deletionTimeSec).toBe(1_700_000_200);
  });
});
