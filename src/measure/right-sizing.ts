/**
 * @module measure/right-sizing
 * Right-sizing, checked by simulation. Each pod's right-sized share is the smallest multiple of the granularity
 * covering its peak memory and a percentile of its utilisation, both with headroom:
 *
 *   m_p = min(r_p, ⌈ max(M_p·(1+h)/M_dev, q_p·(1+h)/100) · 1000 / g ⌉ · g) (multi-device pods keep theirs)
 *
 * with r_p the current request (milli per device), M_p the peak memory, M_dev the device memory, q_p the
 * utilisation percentile, h the headroom and g the granularity.
 *
 * Then the pods are replayed over time (arrival = first sample, departure = last) under a placement policy (FGD)
 * on each accelerator model's pool of the observed fleet with the time simulator, once with their current
 * requests and once right-sized; for each, the fewest nodes that place every pod without waiting is found by
 * bisection. The difference, in devices, is what right-sizing frees; its savings per month are the freed
 * devices' amortised capital and idle energy (the work's dynamic energy is the same either way).
 */
import type { Catalog } from '../catalog/index.js';
import type { NodeSpec } from '../model/index.js';
import type { PolicyName } from '../policies/index.js';
import { runTimeSimulation, type TimedPod } from '../sim/index.js';
import { devicePower, type Prices } from './accounting.js';
import type { PodUsage, RightSizing, RightSizingModel } from './types.js';

const HOURS_PER_MONTH = 730;

export interface RightSizingParams {
  percentile: number;
  headroom: number;
  policy: PolicyName;
  granularityMilli: number;
  seed: number;
}

export function rightSizedMilli(
  pod: Omit<PodUsage, 'rightSizedMilli'>,
  memoryGiB: number | null,
  p: RightSizingParams,
): number {
  if (pod.gpuCount > 1 || pod.gpuMilli <= 0) return pod.gpuMilli;
  const g = p.granularityMilli;
  const byUtil = (pod.utilisationPctile * (1 + p.headroom)) / 100;
  const byMem =
    pod.peakMemoryMiB !== null && memoryGiB
      ? (pod.peakMemoryMiB * (1 + p.headroom)) / (memoryGiB * 1024)
      : pod.gpuMilli / 1000; // no memory figure: memory cannot shrink the request
  const milli = Math.ceil((Math.max(byUtil, byMem) * 1000) / g - 1e-9) * g;
  // Never above the current request: on a shared device the memory and utilisation metrics are the device's,
  // which overstate each pod's own use; right-sizing only takes back what was over-allocated.
  return Math.min(pod.gpuMilli, 1000, Math.max(g, milli));
}

export function rightSize(
  pods: Omit<PodUsage, 'rightSizedMilli'>[],
  hosts: Record<string, { model: string; devices: number }>,
  accelerators: Record<string, string>,
  catalog: Catalog,
  prices: Prices,
  p: RightSizingParams,
): { rightSizing: RightSizing; milli: number[] } {
  const milli = pods.map((pod) => {
    const acc = accelerators[pod.model];
    return rightSizedMilli(pod, acc ? devicePower(catalog, acc).memoryGiB : null, p);
  });
  const perModel: Record<string, RightSizingModel> = {};
  let simulations = 0;
  let devicesBefore = 0;
  let devicesAfter = 0;
  const savings = { energyKWh: 0, energyUsd: 0, capitalUsd: 0, costUsd: 0 };
  const notes: string[] = [];
  const models = [...new Set(Object.values(hosts).map((h) => h.model))].sort();
  for (const model of models) {
    const acc = accelerators[model];
    const modelHosts = Object.values(hosts).filter((h) => h.model === model);
    const fleetDevices = modelHosts.reduce((s, h) => s + h.devices, 0);
    // Most common node shape of the pool.
    const shapes = new Map<number, number>();
    for (const h of modelHosts) shapes.set(h.devices, (shapes.get(h.devices) ?? 0) + 1);
    const dpn = [...shapes.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
    const idx = pods.map((_, i) => i).filter((i) => pods[i].model === model && pods[i].gpuMilli > 0);
    if (idx.length === 0) continue;
    const timed = (useMilli: (i: number) => number): TimedPod[] =>
      idx.map((i) => ({
        name: pods[i].pod,
        cpuMilli: 0,
        memMiB: 0,
        gpuCount: pods[i].gpuCount,
        gpuMilli: useMilli(i),
        gpuTypes: [],
        arrivalSec: pods[i].firstSec,
        durationSec: Math.max(1, pods[i].lastSec - pods[i].firstSec),
        team: pods[i].team,
      }));
    const pw = devicePower(catalog, acc);
    const fits = (timedPods: TimedPod[], nodes: number): boolean => {
      simulations++;
      const nodeSpecs: NodeSpec[] = Array.from({ length: nodes }, (_, k) => ({
        name: `${model}-${k}`,
        cpuMilli: 1_000_000,
        memMiB: 10_000_000,
        gpuCount: dpn,
        gpuModel: acc,
      }));
      const r = runTimeSimulation({
        nodes: nodeSpecs,
        nodePool: new Int32Array(nodes),
        pools: [
          {
            name: model,
            accelerator: acc,
            devicesPerNode: dpn,
            nodes,
            tdpW: pw.tdpW,
            idleW: pw.idleW,
            nodeOverheadW: 0,
            usdPerNodeHour: 0,
          },
        ],
        site: { pue: prices.pue, usdPerKWh: prices.usdPerKWh },
        pods: timedPods,
        policy: p.policy,
        seed: p.seed,
        queue: 'fifo',
      });
      return r.placed === timedPods.length && r.rejected === 0 && r.queueDelaySec.mean === 0;
    };
    const fewestNodes = (timedPods: TimedPod[]): number => {
      let hi = Math.max(1, Math.ceil(fleetDevices / dpn));
      while (!fits(timedPods, hi)) {
        if (hi > 4 * Math.ceil(fleetDevices / dpn) + 64) return hi;
        hi *= 2;
      }
      let lo = 0; // lo does not fit (0 nodes), hi fits
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (fits(timedPods, mid)) hi = mid;
        else lo = mid;
      }
      return hi;
    };
    const before = fewestNodes(timed((i) => pods[i].gpuMilli)) * dpn;
    const after = fewestNodes(timed((i) => milli[i])) * dpn;
    const saved = Math.max(0, before - after);
    const kWh = (saved * pw.idleW * HOURS_PER_MONTH * prices.pue) / 1000;
    const capital = ((saved * pw.priceUsd) / (prices.amortisationYears * 8760)) * HOURS_PER_MONTH;
    savings.energyKWh += kWh;
    savings.energyUsd += kWh * prices.usdPerKWh;
    savings.capitalUsd += capital;
    savings.costUsd += capital + kWh * prices.usdPerKWh;
    devicesBefore += before;
    devicesAfter += after;
    perModel[model] = {
      accelerator: acc,
      devicesBefore: before,
      devicesAfter: after,
      pods: idx.length,
      resizedPods: idx.filter((i) => milli[i] !== pods[i].gpuMilli).length,
    };
    notes.push(
      `${model}: ${idx.length} pods on ${fleetDevices} devices (nodes of ${dpn}); the replay needs ${before} devices with current requests, ${after} right-sized.`,
    );
  }
  return {
    milli,
    rightSizing: {
      percentile: p.percentile,
      headroom: p.headroom,
      policy: p.policy,
      devicesBefore,
      devicesAfter,
      devicesSaved: Math.max(0, devicesBefore - devicesAfter),
      savingsPerMonth: savings,
      perModel,
      simulations,
      notes,
    },
  };
}
