/**
 * @module traces/synthetic-openb
 * A small openb-like trace generated from a seed, for when the real one is neither present nor downloadable
 * (the demo says so when it uses it). Node pools follow the openb cluster's shapes (specs/fgd-reproduction.md
 * §1.1) and pod classes its default trace's mix (13 % CPU-only, 38 % sharing, 48 % one whole GPU, 1 % multi-GPU).
 * It is a stand-in for trying the tool, not a model of the trace: results on it are not the paper's.
 */
import type { NodeSpec, PodSpec } from '../model/index.js';
import { GoRand } from '../rng/index.js';
import type { OpenbTrace } from './openb-trace.js';

/** [model, GPUs per node, cpu milli, memory MiB, share of nodes]. */
const NODE_POOLS: ReadonlyArray<readonly [string, number, number, number, number]> = [
  ['G2', 8, 96000, 393216, 0.45],
  ['T4', 2, 104000, 524288, 0.32],
  ['P100', 2, 16000, 122880, 0.1],
  ['V100M16', 4, 32000, 131072, 0.05],
  ['V100M32', 8, 96000, 786432, 0.05],
  ['G3', 8, 128000, 786432, 0.03],
];
const SHARE_MILLI = [810, 470, 650, 320, 230, 460, 590, 550, 160, 370, 220, 500, 250];
const CPU_MILLI = [
  3152, 4000, 4152, 6000, 8000, 9810, 11300, 11400, 11908, 12000, 12500, 15700, 16000, 18708, 32000,
];

export function syntheticOpenbTrace(seed = 1, nodeCount = 300): OpenbTrace {
  const rng = new GoRand(seed);
  const nodes: NodeSpec[] = [];
  let gpus = 0;
  for (const [model, gpuCount, cpuMilli, memMiB, share] of NODE_POOLS) {
    const count = Math.max(1, Math.round(nodeCount * share));
    for (let i = 0; i < count; i++) {
      nodes.push({
        name: `synthetic-node-${String(nodes.length).padStart(4, '0')}`,
        cpuMilli,
        memMiB,
        gpuCount,
        gpuModel: model,
      });
      gpus += gpuCount;
    }
  }
  const pods: PodSpec[] = [];
  let requested = 0;
  // Keep adding pods until they ask for ~98 % of the GPUs, as the openb default trace does.
  while (requested < 0.98 * gpus * 1000) {
    const u = rng.intn(1000);
    const gpuCount = u < 133 ? 0 : u < 511 ? 1 : u < 991 ? 1 : [2, 4, 8][rng.intn(3)];
    const gpuMilli = gpuCount === 0 ? 0 : u < 511 ? SHARE_MILLI[rng.intn(SHARE_MILLI.length)] : 1000;
    const cpuMilli = CPU_MILLI[rng.intn(CPU_MILLI.length)] * Math.max(1, gpuCount);
    pods.push({
      name: `synthetic-pod-${String(pods.length).padStart(5, '0')}`,
      cpuMilli,
      memMiB: Math.round(cpuMilli * 4.096),
      gpuCount,
      gpuMilli,
      gpuTypes: gpuCount > 0 && rng.intn(20) === 0 ? ['V100M16', 'V100M32'] : [],
    });
    requested += gpuCount * gpuMilli;
  }
  return { nodes, pods };
}
