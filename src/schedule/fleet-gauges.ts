/**
 * @module schedule/fleet-gauges
 * The live fleet's headline figures — GPU allocation and the FGD paper's fragmentation amount and ratio — kept up
 * to date node by node as pods are placed and released, and a bounded history of them for the dashboard. The
 * fragmentation is measured against the typical pods of the target workload (the same `FragMeasure` FGD scores
 * with), so it is only known when those are.
 */
import { type ClusterState, MILLI_PER_DEVICE } from '../model/index.js';
import { FragMeasure, NodeFragEntries, type TypicalPods } from '../policies/index.js';
import { FragTracker } from '../framework/index.js';

export interface FleetFigures {
  /** Σ allocated device milli / Σ capacity, in %. */
  readonly gpuAllocationPercent: number;
  /** Fragmented GPUs (Σ F(n) / 1000); null without typical pods. */
  readonly fragAmountGpus: number | null;
  /** Fragmented / idle GPU milli, in %; null without typical pods or idle devices. */
  readonly fragRatioPercent: number | null;
}

export interface HistoryPoint extends FleetFigures {
  /** Unix milliseconds. */
  readonly t: number;
  readonly placements: number;
}

/** Points kept; the oldest are dropped beyond this. */
const MAX_POINTS = 10_000;
/** Changes closer together than this update the last point instead of adding one. */
const MIN_POINT_SPACING_MS = 1000;

export class FleetGauges {
  private readonly state: ClusterState;
  private readonly tracker: FragTracker | null;
  private readonly points: HistoryPoint[];

  constructor(state: ClusterState, typical: TypicalPods | undefined, history: HistoryPoint[] = []) {
    this.state = state;
    this.tracker = typical
      ? new FragTracker(
          new NodeFragEntries(state, new FragMeasure(typical, state.models, state.maxGpusPerNode)),
        )
      : null;
    this.points = history;
  }

  /** Call after every change of node `node`. */
  nodeChanged(node: number): void {
    this.tracker?.refresh(node);
  }

  figures(): FleetFigures {
    const { state, tracker } = this;
    const gpuAllocationPercent =
      state.totalGpus === 0 ? 0 : (100 * state.usedGpuMilli) / (state.totalGpus * MILLI_PER_DEVICE);
    if (!tracker) return { gpuAllocationPercent, fragAmountGpus: null, fragRatioPercent: null };
    const frag = tracker.fragMilli();
    const idle = tracker.idleMilli();
    return {
      gpuAllocationPercent,
      fragAmountGpus: frag / MILLI_PER_DEVICE,
      fragRatioPercent: idle > 0 ? (100 * frag) / idle : null,
    };
  }

  /** Fragmented GPU milli on node `node`; null without typical pods. */
  nodeFragMilli(node: number): number | null {
    return this.tracker ? this.tracker.fragMilliOf(node) : null;
  }

  /** Records the current figures at time `t` (ms). */
  record(t: number, placements: number): void {
    const point: HistoryPoint = { t, placements, ...this.figures() };
    const last = this.points.at(-1);
    if (last && t - last.t < MIN_POINT_SPACING_MS && this.points.length > 1) {
      this.points[this.points.length - 1] = { ...point, t: last.t };
      return;
    }
    this.points.push(point);
    if (this.points.length > MAX_POINTS) this.points.splice(0, this.points.length - MAX_POINTS);
  }

  /** The history (shared with a successor built after the node inventory changed). */
  history(): HistoryPoint[] {
    return this.points;
  }
}
