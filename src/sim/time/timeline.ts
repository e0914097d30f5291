/**
 * @module sim/time/timeline
 * The allocation of each accelerator model over time, sampled every `sampleSec` seconds of simulated time as the
 * clock passes each sample instant (the allocation in force at that instant).
 */
import { MILLI_PER_DEVICE } from '../../model/index.js';
import type { PoolEconomics } from './time-sim-input.js';
import type { AllocationTimeline } from './time-sim-result.js';

export class Timeline {
  readonly result: AllocationTimeline;
  private readonly modelOfPool: string[];
  private readonly models: string[];
  /** Milli of each model's devices, fleet-wide. */
  private readonly capacityByModel = new Map<string, number>();
  private nextSample = 0;

  constructor(pools: readonly PoolEconomics[], sampleSec: number) {
    this.modelOfPool = pools.map((p) => p.accelerator);
    this.models = [...new Set(this.modelOfPool)];
    for (const p of pools) {
      const milli = p.nodes * p.devicesPerNode * MILLI_PER_DEVICE;
      this.capacityByModel.set(p.accelerator, (this.capacityByModel.get(p.accelerator) ?? 0) + milli);
    }
    this.result = {
      sampleSec,
      tSec: [],
      allocationPct: Object.fromEntries(this.models.map((m) => [m, [] as number[]])),
    };
  }

  /** Takes every sample due at or before `t`, given the milli allocated now in each pool. */
  sampleUntil(t: number, allocMilli: Float64Array): void {
    while (this.nextSample <= t) {
      this.result.tSec.push(this.nextSample);
      const byModel = new Map<string, number>();
      for (let p = 0; p < this.modelOfPool.length; p++) {
        const model = this.modelOfPool[p];
        byModel.set(model, (byModel.get(model) ?? 0) + allocMilli[p]);
      }
      for (const m of this.models)
        this.result.allocationPct[m].push((100 * (byModel.get(m) ?? 0)) / this.capacityByModel.get(m)!);
      this.nextSample += this.result.sampleSec;
    }
  }
}
