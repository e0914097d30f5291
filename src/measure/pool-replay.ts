/**
 * @module measure/pool-replay
 * The pods of one accelerator model's pool replayed over time (arrival = first sample, departure = last) under a
 * placement policy with the time simulator, on nodes of the pool's most common shape; the fewest nodes that
 * place every pod without waiting is found by doubling, then bisection.
 */
import type { NodeSpec } from '../model/index.js';
import type { PolicyName } from '../policies/index.js';
import { runTimeSimulation, type TimedPod } from '../sim/index.js';
import type { DevicePower, Prices } from './device-power.js';
import type { PodUsage } from './types.js';

/** One model's pool of the observed fleet. */
export interface ReplayPool {
  /** Model name as the telemetry labels it, and its catalog id. */
  model: string;
  accelerator: string;
  devicesPerNode: number;
  /** Devices of the model in the observed fleet. */
  fleetDevices: number;
  power: DevicePower;
}

/** The pool of `model` in `hosts` (devices per host): its device count and most common node shape. */
export function replayPool(
  model: string,
  hosts: Record<string, { model: string; devices: number }>,
  accelerator: string,
  power: DevicePower,
): ReplayPool {
  const modelHosts = Object.values(hosts).filter((h) => h.model === model);
  const shapes = new Map<number, number>();
  for (const h of modelHosts) shapes.set(h.devices, (shapes.get(h.devices) ?? 0) + 1);
  return {
    model,
    accelerator,
    devicesPerNode: [...shapes.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0],
    fleetDevices: modelHosts.reduce((s, h) => s + h.devices, 0),
    power,
  };
}

/** The pods as the time simulator takes them, pod i asking `gpuMilli[i]` per device. */
export function timedPods(
  pods: readonly Omit<PodUsage, 'rightSizedMilli'>[],
  gpuMilli: readonly number[],
): TimedPod[] {
  return pods.map((pod, i) => ({
    name: pod.pod,
    cpuMilli: 0,
    memMiB: 0,
    gpuCount: pod.gpuCount,
    gpuMilli: gpuMilli[i],
    gpuTypes: [],
    arrivalSec: pod.firstSec,
    durationSec: Math.max(1, pod.lastSec - pod.firstSec),
    team: pod.team,
  }));
}

/** Replays pods on a pool, counting the simulations it runs. */
export class PoolReplay {
  simulations = 0;

  constructor(
    private readonly pool: ReplayPool,
    private readonly prices: Prices,
    private readonly run: { policy: PolicyName; seed: number },
  ) {}

  /** The fewest nodes placing every pod without waiting (past a bound, the first count tried above it). */
  fewestNodes(pods: TimedPod[]): number {
    const fleetNodes = Math.ceil(this.pool.fleetDevices / this.pool.devicesPerNode);
    let hi = Math.max(1, fleetNodes);
    while (!this.fits(pods, hi)) {
      if (hi > 4 * fleetNodes + 64) return hi;
      hi *= 2;
    }
    let lo = 0; // lo does not fit (0 nodes), hi fits
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.fits(pods, mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  /** Whether every pod is placed on `nodes` nodes, none rejected and none waiting. */
  private fits(pods: TimedPod[], nodes: number): boolean {
    this.simulations++;
    const { model, accelerator, devicesPerNode, power } = this.pool;
    const nodeSpecs: NodeSpec[] = Array.from({ length: nodes }, (_, k) => ({
      name: `${model}-${k}`,
      cpuMilli: 1_000_000,
      memMiB: 10_000_000,
      gpuCount: devicesPerNode,
      gpuModel: accelerator,
    }));
    const r = runTimeSimulation({
      nodes: nodeSpecs,
      nodePool: new Int32Array(nodes),
      pools: [
        {
          name: model,
          accelerator,
          devicesPerNode,
          nodes,
          tdpW: power.tdpW,
          idleW: power.idleW,
          nodeOverheadW: 0,
          usdPerNodeHour: 0,
        },
      ],
      site: { pue: this.prices.pue, usdPerKWh: this.prices.usdPerKWh },
      pods,
      policy: this.run.policy,
      seed: this.run.seed,
      queue: 'fifo',
    });
    return r.placed === pods.length && r.rejected === 0 && r.queueDelaySec.mean === 0;
  }
}
