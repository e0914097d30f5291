import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { movabilityOf } from './move-cost.js';
import type { PlacedPod } from './placed-pod.js';

function pod(
  over: Partial<PlacedPod> & { qos?: string; gpuCount?: number; gpuMilli?: number } = {},
): PlacedPod {
  const { qos, gpuCount = 1, gpuMilli = 500, ...rest } = over;
  return {
    namespace: 'ns',
    name: 'p',
    node: 0,
    devices: gpuCount > 0 ? [0] : [],
    spec: {
      name: 'p',
      cpuMilli: 1000,
      memMiB: 1024,
      gpuCount,
      gpuMilli,
      gpuTypes: [],
      ...(qos ? { qos } : {}),
    },
    ...rest,
  };
}

const cost = (p: PlacedPod) => {
  const m = movabilityOf(p);
  return m.movable ? m.cost : null;
};

describe('move cost', () => {
  it('is 1 per move, plus the GPU share in devices, plus QoS (BE 0, LS 1, Guaranteed 2), in thousandths', () => {
    expect(cost(pod({ qos: 'BE', gpuMilli: 250 }))).toBe(1250);
    expect(cost(pod({ qos: 'LS', gpuMilli: 250 }))).toBe(2250);
    expect(cost(pod({ qos: 'Burstable', gpuCount: 0, gpuMilli: 0 }))).toBe(2000);
    expect(
      movabilityOf(pod({ qos: 'Guaranteed', gpuCount: 2, gpuMilli: 1000 }), { allowGuaranteed: true }),
    ).toEqual({
      movable: true,
      cost: 1000 + 2000 + 2000,
    });
  });

  it('moves best-effort pods before latency-sensitive ones of the same share', () => {
    expect(cost(pod({ qos: 'BE' }))!).toBeLessThan(cost(pod({ qos: 'LS' }))!);
  });

  it('adds the hyperfleet.io/move-cost annotation', () => {
    expect(cost(pod({ qos: 'BE', annotations: { 'hyperfleet.io/move-cost': '2.5' } }))).toBe(1500 + 2500);
  });

  it('never moves DaemonSet pods, pods with local storage, movable "false", or Guaranteed pods unless allowed', () => {
    expect(movabilityOf(pod({ ownerKind: 'DaemonSet' }))).toEqual({ movable: false, why: 'DaemonSet-owned' });
    expect(movabilityOf(pod({ localStorage: true }))).toEqual({ movable: false, why: 'local storage' });
    expect(movabilityOf(pod({ annotations: { 'hyperfleet.io/movable': 'false' } })).movable).toBe(false);
    expect(movabilityOf(pod({ qos: 'Guaranteed' }))).toEqual({ movable: false, why: 'Guaranteed QoS' });
  });

  it('refuses annotations it cannot read, naming the annotation', () => {
    for (const [name, value] of [
      ['hyperfleet.io/move-cost', '-1'],
      ['hyperfleet.io/move-cost', 'cheap'],
      ['hyperfleet.io/movable', 'no'],
    ]) {
      const read = () => movabilityOf(pod({ annotations: { [name]: value } }));
      expect(read).toThrow(InputError);
      expect(read).toThrow(`annotations["${name}"]`);
    }
  });
});
