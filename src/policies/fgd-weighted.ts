/**
 * @module policies/fgd-weighted
 * FGD with a second objective: `fgd-energy` prefers devices that do the pod's kind of work with less energy,
 * `fgd-cost` devices that do it for less money (device time plus energy). Score =
 * round(w · FGD + (1 − w) · E), where E = 100 · best / value over the fleet's models (100 for the most efficient
 * model, less for others). The trade-off: w = 1 is plain FGD (least fragmentation); smaller w moves work to
 * efficient devices at the price of more fragmentation, and so more pods waiting on mixed fleets.
 */
import type { ClusterState } from '../model/index.js';
import {
  costPerWork,
  energyPerWork,
  valuesPerModel,
  type FleetEconomics,
  type ModelEconomics,
} from './economics.js';
import { FgdPolicy } from './fgd.js';
import type { NodeFragEntries } from './node-frag-entries.js';
import { POLICY_LABELS, type CycleContext, type Policy } from './policy.js';
import type { PodRequest } from './pod-request.js';
import type { TypicalPods } from './typical-pods.js';

export interface WeightedFgdOptions {
  readonly typical: TypicalPods;
  readonly economics: FleetEconomics;
  /** Weight of FGD's own score, 0..1 (default 0.5). */
  readonly fgdWeight?: number;
  /** Electricity price for `fgd-cost` (USD/kWh). */
  readonly usdPerKWh?: number;
}

type Objective = 'energy' | 'cost';

export class WeightedFgdPolicy implements Policy {
  readonly name: 'fgd-energy' | 'fgd-cost';
  readonly paperLabel: string;
  readonly pureScore = true;
  private readonly fgd: FgdPolicy;
  private readonly economics: FleetEconomics;
  private readonly weight: number;
  private readonly objective: Objective;
  private readonly usdPerKWh: number;
  /** Efficiency score per (state models, sharing?) — recomputed only when a new state is seen. */
  private readonly efficiency = new WeakMap<readonly string[], [Int32Array, Int32Array]>();

  constructor(objective: Objective, options: WeightedFgdOptions) {
    this.objective = objective;
    this.name = objective === 'energy' ? 'fgd-energy' : 'fgd-cost';
    this.paperLabel = POLICY_LABELS[this.name];
    this.fgd = new FgdPolicy(options.typical);
    this.economics = options.economics;
    this.weight = options.fgdWeight ?? 0.5;
    this.usdPerKWh = options.usdPerKWh ?? 0;
    if (!(this.weight >= 0 && this.weight <= 1))
      throw new RangeError(`fgdWeight must be in [0, 1], got ${this.weight}`);
  }

  score(ctx: CycleContext, req: PodRequest, node: number): number {
    const fgd = this.fgd.score(ctx, req, node);
    if (req.gpuCount === 0) return fgd; // CPU-only work draws no accelerator power
    const table = this.tableFor(ctx.state)[req.sharing ? 1 : 0];
    const e = table[ctx.state.modelId[node]];
    return Math.round(this.weight * fgd + (1 - this.weight) * e);
  }

  pickDevices(ctx: CycleContext, req: PodRequest, node: number): number[] {
    return this.fgd.pickDevices(ctx, req, node);
  }

  fragEntries(state: ClusterState): NodeFragEntries {
    return this.fgd.fragEntries(state);
  }

  private value(e: ModelEconomics, sharing: boolean): number {
    const req = { sharing };
    return this.objective === 'energy' ? energyPerWork(e, req) : costPerWork(e, req, this.usdPerKWh);
  }

  /** 100 · best / value per model id of the state, for whole-device [0] and sharing [1] work. */
  private tableFor(state: ClusterState): [Int32Array, Int32Array] {
    let tables = this.efficiency.get(state.models);
    if (tables) return tables;
    const make = (sharing: boolean) => {
      const values = valuesPerModel(state.models, this.economics, (e) => this.value(e, sharing));
      const best = Math.min(...values);
      return Int32Array.from(values, (v) => (v > 0 ? Math.round((100 * best) / v) : 100));
    };
    tables = [make(false), make(true)];
    this.efficiency.set(state.models, tables);
    return tables;
  }
}
