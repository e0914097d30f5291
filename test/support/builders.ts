/**
 * Test builders (in the spirit of kube-scheduler's MakePod()/MakeNode()): readable defaults, override what the
 * test is about.
 */
import type { NodeSpec } from '../../src/model/node.js';
import type { PodSpec } from '../../src/model/pod.js';
import type { TypicalPods } from '../../src/policies/typical-pods.js';

let podSerial = 0;

export function makeNode(over: Partial<NodeSpec> & { name: string }): NodeSpec {
  return { cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'G2', ...over };
}

export function makePod(over: Partial<PodSpec> = {}): PodSpec {
  podSerial++;
  return {
    name: `pod-${String(podSerial).padStart(5, '0')}`,
    cpuMilli: 4000,
    memMiB: 1024,
    gpuCount: 0,
    gpuMilli: 0,
    gpuTypes: [],
    ...over,
  };
}

/** A sharing pod: one device, `milli` of it. */
export function sharingPod(milli: number, over: Partial<PodSpec> = {}): PodSpec {
  return makePod({ gpuCount: 1, gpuMilli: milli, ...over });
}

/** A whole-device pod on `count` devices. */
export function wholeGpuPod(count: number, over: Partial<PodSpec> = {}): PodSpec {
  return makePod({ gpuCount: count, gpuMilli: 1000, ...over });
}

/** A typical-pod distribution given directly (the FGD paper's worked examples use such toy distributions). */
export function typicalOf(
  types: ReadonlyArray<{
    cpuMilli: number;
    gpuMilli: number;
    gpuCount: number;
    freq: number;
    gpuTypes?: string[];
  }>,
): TypicalPods {
  return {
    types: types.map((t) => ({
      cpuMilli: t.cpuMilli,
      gpuMilli: t.gpuMilli,
      gpuCount: t.gpuCount,
      gpuTypes: t.gpuTypes ?? [],
      spec: (t.gpuTypes ?? []).join('|'),
      count: 0,
      freq: t.freq,
    })),
    covered: 0,
    totalPods: 0,
  };
}
