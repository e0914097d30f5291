/**
 * @module sim/time/sharing-variants
 * The requests a pod may be placed as. A sharing request (one device, part of it) is rounded up to what each
 * device model of the fleet allows (MIG profiles, PPU halves, free time-slices): one variant per distinct
 * rounding, restricted to the models that round it so, or the reasons no model accepts it. Any other pod is its
 * own single variant.
 */
import { MILLI_PER_DEVICE, type NodeSpec, type PodSpec } from '../../model/index.js';
import type { ShareResult } from './time-sim-input.js';

/** The requests a pod may be placed as, or why it cannot be placed anywhere. */
export type Variants = PodSpec[] | string;

export class SharingVariants {
  private readonly shareOn: ((pool: number, milli: number) => ShareResult) | undefined;
  /** The device model of each pool. */
  private readonly poolModel: string[];
  /** Per request shape (milli and allowed models): the variants, or the reasons. */
  private readonly byShape = new Map<string, Variants>();
  /** Per pod: a pod retried from the queue reuses its variants instead of rebuilding them on every attempt. */
  private readonly byPod: (Variants | undefined)[];

  /** Without `shareOn` every device takes any share (openb time-slicing): pods are placed as they ask. */
  constructor(
    nodes: readonly NodeSpec[],
    nodePool: Int32Array,
    poolCount: number,
    pods: number,
    shareOn?: (pool: number, milli: number) => ShareResult,
  ) {
    this.shareOn = shareOn;
    this.poolModel = Array.from({ length: poolCount }, (_, p) => nodes[nodePool.indexOf(p)]?.gpuModel ?? '');
    this.byPod = new Array<Variants | undefined>(pods);
  }

  /** The variants of pod `i` (`pod` is its spec). */
  of(i: number, pod: PodSpec): Variants {
    return this.isRounded(pod) ? (this.byPod[i] ??= this.build(pod)) : [pod];
  }

  /** Forgets pod `i`'s variants (its slot goes to another pod, see live-slots). */
  forget(i: number): void {
    this.byPod[i] = undefined;
  }

  private isRounded(pod: PodSpec): boolean {
    return (
      this.shareOn !== undefined && pod.gpuCount === 1 && pod.gpuMilli > 0 && pod.gpuMilli < MILLI_PER_DEVICE
    );
  }

  private build(pod: PodSpec): Variants {
    const key = `${pod.gpuMilli}/${pod.gpuTypes.join('|')}`;
    const cached = this.byShape.get(key);
    if (cached !== undefined) {
      return typeof cached === 'string'
        ? cached
        : cached.map((v) => ({ ...pod, gpuMilli: v.gpuMilli, gpuTypes: v.gpuTypes }));
    }
    const byMilli = new Map<number, string[]>();
    const reasons = new Set<string>();
    const allowed = [...new Set(this.poolModel)].filter(
      (m) => pod.gpuTypes.length === 0 || pod.gpuTypes.includes(m),
    );
    for (const model of allowed) {
      const r = this.shareOn!(this.poolModel.indexOf(model), pod.gpuMilli);
      if (!r.ok) reasons.add(r.reason);
      else byMilli.set(r.milli, [...(byMilli.get(r.milli) ?? []), model]);
    }
    let result: Variants;
    if (byMilli.size === 0) result = [...reasons].join('; ') || 'no device model of the fleet accepts it';
    else if (byMilli.size === 1 && reasons.size === 0)
      result = [{ ...pod, gpuMilli: [...byMilli.keys()][0] }];
    else
      result = [...byMilli.entries()].map(([milli, models]) => ({
        ...pod,
        gpuMilli: milli,
        gpuTypes: models,
      }));
    this.byShape.set(key, result);
    return result;
  }
}
