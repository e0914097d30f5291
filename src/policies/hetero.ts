/**
 * @module policies/hetero
 * Heterogeneity-aware placement (in the spirit of Gavel's effective throughput): put each pod on the device
 * model with the best effective throughput per cost for its kind of work (compute-bound whole-device pods,
 * memory-bound sharing pods), and among nodes of equally good models pack tightly (BestFit-like) to keep whole
 * devices free. Score = 90 · (throughput per cost / best over the fleet) + 10 · fullness after placement.
 * The trade-off: good models fill first and slower or pricier ones serve the overflow, so queueing rises when the
 * best model runs out while cost per unit of work falls.
 */
import { type ClusterState, MILLI_PER_DEVICE } from '../model/index.js';
import { bestDevices } from './device-choice.js';
import { costPerWork, valuesPerModel, type FleetEconomics } from './economics.js';
import { POLICY_LABELS, type CycleContext, type Policy } from './policy.js';
import type { PodRequest } from './pod-request.js';

export class HeteroPolicy implements Policy {
  readonly name = 'hetero' as const;
  readonly paperLabel = POLICY_LABELS.hetero;
  readonly pureScore = true;
  private readonly economics: FleetEconomics;
  private readonly usdPerKWh: number;
  private readonly tables = new WeakMap<readonly string[], [Float64Array, Float64Array]>();

  constructor(economics: FleetEconomics, usdPerKWh = 0) {
    this.economics = economics;
    this.usdPerKWh = usdPerKWh;
  }

  score(ctx: CycleContext, req: PodRequest, node: number): number {
    const { state } = ctx;
    const devices = state.gpuCountOf(node);
    const fullness =
      devices === 0 ? 0 : 1 - (state.gpuTotalLeft[node] - req.totalGpuMilli) / (devices * MILLI_PER_DEVICE);
    if (req.gpuCount === 0)
      return Math.round(100 * (1 - state.cpuLeft[node] / Math.max(1, state.nodes[node].cpuMilli)));
    const efficiency = this.tableFor(state)[req.sharing ? 1 : 0][state.modelId[node]];
    return Math.round(90 * efficiency + 10 * fullness);
  }

  pickDevices(ctx: CycleContext, req: PodRequest, node: number): number[] {
    return bestDevices(ctx.state, req, node);
  }

  /** best cost-per-work / this model's, per model id, for whole-device [0] and sharing [1] work. */
  private tableFor(state: ClusterState): [Float64Array, Float64Array] {
    let t = this.tables.get(state.models);
    if (t) return t;
    const make = (sharing: boolean) => {
      const values = valuesPerModel(state.models, this.economics, (e) =>
        costPerWork(e, { sharing }, this.usdPerKWh),
      );
      const best = Math.min(...values);
      return Float64Array.from(values, (v) => (v > 0 ? best / v : 1));
    };
    t = [make(false), make(true)];
    this.tables.set(state.models, t);
    return t;
  }
}
