/**
 * A small, seeded, openb-like fixture: a node table drawn from the shapes of the Alibaba openb GPU node list
 * (specs/fgd-reproduction.md §1.1) and a pod list mixing the openb pod classes (§1.2): CPU-only, GPU-sharing
 * (1..999 milli of one device), whole-GPU on 1/2/4/8 devices, a share of pods with a GPU-type constraint
 * (including one naming a model no node has, so some pods never fit), and a few memory-heavy pods.
 *
 * Values mostly come from short lists (as in the real trace, where 35 resource vectors cover 95 % of the pods)
 * so that resource vectors repeat and the scheduler's score cache has something to serve; the rest are drawn
 * freely. Everything is drawn from {@link GoRand}, so a seed always gives the same fixture.
 */
import type { NodeSpec } from '../../src/model/node.js';
import type { PodSpec } from '../../src/model/pod.js';
import { GoRand } from '../../src/rng/go-rand.js';

export interface SyntheticCluster {
  readonly nodes: NodeSpec[];
  readonly pods: PodSpec[];
}

export interface SyntheticOptions {
  /** Number of nodes (default 60). */
  readonly nodes?: number;
  /** Number of pods (default 600). */
  readonly pods?: number;
}

interface NodeShape {
  readonly model: string;
  readonly gpus: number;
  readonly cpuMilli: number;
  readonly memMiB: number;
  /** Relative weight (the openb counts, flattened so that rare shapes still show up in 60 nodes). */
  readonly weight: number;
}

/** The 15 node shapes of the openb GPU node list (§1.1). */
const NODE_SHAPES: readonly NodeShape[] = [
  { model: 'A10', gpus: 1, cpuMilli: 128000, memMiB: 1048576, weight: 2 },
  { model: 'G2', gpus: 8, cpuMilli: 96000, memMiB: 393216, weight: 20 },
  { model: 'G3', gpus: 8, cpuMilli: 128000, memMiB: 786432, weight: 4 },
  { model: 'P100', gpus: 1, cpuMilli: 8000, memMiB: 61440, weight: 2 },
  { model: 'P100', gpus: 2, cpuMilli: 16000, memMiB: 122880, weight: 5 },
  { model: 'P100', gpus: 2, cpuMilli: 64000, memMiB: 262144, weight: 2 },
  { model: 'P100', gpus: 2, cpuMilli: 8000, memMiB: 61440, weight: 1 },
  { model: 'T4', gpus: 2, cpuMilli: 104000, memMiB: 524288, weight: 14 },
  { model: 'T4', gpus: 4, cpuMilli: 96000, memMiB: 393216, weight: 3 },
  { model: 'V100M16', gpus: 1, cpuMilli: 8000, memMiB: 32768, weight: 3 },
  { model: 'V100M16', gpus: 4, cpuMilli: 32000, memMiB: 131072, weight: 3 },
  { model: 'V100M16', gpus: 8, cpuMilli: 64000, memMiB: 262144, weight: 2 },
  { model: 'V100M16', gpus: 8, cpuMilli: 82000, memMiB: 344064, weight: 1 },
  { model: 'V100M32', gpus: 4, cpuMilli: 48000, memMiB: 376832, weight: 2 },
  { model: 'V100M32', gpus: 8, cpuMilli: 96000, memMiB: 786432, weight: 3 },
];

/** Frequent CPU requests of the openb traces (milli-cores). */
const COMMON_CPU = [1000, 2000, 3152, 4000, 4152, 6000, 8000, 11908];
/** Frequent per-device requests of openb sharing pods (milli). */
const COMMON_SHARE = [810, 470, 650, 320, 230, 460, 590, 550, 160, 500];
const COMMON_MEM = [4096, 8192, 16384, 30720, 61440];
/** Type constraints; `H100` is a model no node has (such pods fit nowhere). */
const CONSTRAINTS: readonly (readonly string[])[] = [
  ['V100M16', 'V100M32'],
  ['T4'],
  ['G2', 'G3'],
  ['P100'],
  ['A10', 'T4'],
  ['H100'],
];

function pick<T>(rng: GoRand, list: readonly T[]): T {
  return list[rng.intn(list.length)];
}

function pickWeighted<T extends { weight: number }>(rng: GoRand, list: readonly T[]): T {
  const total = list.reduce((s, x) => s + x.weight, 0);
  let r = rng.intn(total);
  for (const x of list) {
    if (r < x.weight) return x;
    r -= x.weight;
  }
  return list[list.length - 1];
}

function pad(i: number, width: number): string {
  return String(i).padStart(width, '0');
}

/** The fixture for `seed` (a pure function of its arguments). */
export function syntheticCluster(seed: number, options: SyntheticOptions = {}): SyntheticCluster {
  const rng = new GoRand(seed);
  const nodeCount = options.nodes ?? 60;
  const podCount = options.pods ?? 600;

  const nodes: NodeSpec[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const shape = pickWeighted(rng, NODE_SHAPES);
    nodes.push({
      name: `synth-node-${pad(i, 3)}`,
      cpuMilli: shape.cpuMilli,
      memMiB: shape.memMiB,
      gpuCount: shape.gpus,
      gpuModel: shape.model,
    });
  }

  const pods: PodSpec[] = [];
  for (let i = 0; i < podCount; i++) {
    const cls = rng.intn(100);
    let gpuCount: number;
    let gpuMilli: number;
    if (cls < 22) {
      gpuCount = 0; // CPU-only
      gpuMilli = 0;
    } else if (cls < 72) {
      gpuCount = 1; // sharing
      gpuMilli = rng.intn(10) < 7 ? pick(rng, COMMON_SHARE) : 1 + rng.intn(999);
    } else if (cls < 97) {
      gpuCount = 1; // one whole device
      gpuMilli = 1000;
    } else {
      gpuCount = pick(rng, [2, 2, 4, 8]); // multi-device, always whole devices (as in every openb trace)
      gpuMilli = 1000;
    }
    let cpuMilli = rng.intn(10) < 9 ? pick(rng, COMMON_CPU) : 1000 * (1 + rng.intn(16));
    if (gpuCount >= 4) cpuMilli = Math.max(cpuMilli, gpuCount * 4000);
    const memMiB = rng.intn(40) === 0 ? 300000 + rng.intn(200000) : pick(rng, COMMON_MEM);
    const gpuTypes = gpuCount > 0 && rng.intn(100) < 12 ? pick(rng, CONSTRAINTS) : [];
    pods.push({ name: `synth-pod-${pad(i, 4)}`, cpuMilli, memMiB, gpuCount, gpuMilli, gpuTypes });
  }
  return { nodes, pods };
}
