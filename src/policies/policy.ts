/**
 * @module policies/policy
 * The one interface every placement policy implements, shaped after kube-scheduler's extension points:
 * the framework filters nodes (resource fit), then for the feasible ones calls `prepare` (PreScore),
 * `score` per node, `normalize` over all scores, picks the best node (highest score, ties to the smallest rank)
 * and finally asks the policy which devices of that node the pod gets (`pickDevices`, the Reserve step).
 *
 * Contract: policies only read their arguments — no I/O, no clock, no `Math.random` (randomness comes from
 * `ctx.rng`). The simulator, the live extender service and the planner all call the same modules.
 */
import type { ClusterState } from '../model/index.js';
import type { Rng } from '../rng/index.js';
import type { NodeFragEntries } from './node-frag-entries.js';
import type { PodRequest } from './pod-request.js';

export const MIN_NODE_SCORE = 0;
export const MAX_NODE_SCORE = 100;

/** The six policies of the FGD paper, in its order (its result files label them `01-Random` … `06-FGD`). */
export const PAPER_POLICIES = ['random', 'dotprod', 'clustering', 'packing', 'bestfit', 'fgd'] as const;
/** Fleet-aware policies beyond the paper: they need per-model economics (a fleet file and the catalog). */
export const FLEET_POLICIES = ['fgd-energy', 'fgd-cost', 'hetero'] as const;
/** Stable policy names, used by the CLI, configuration, metrics and reports. */
export const POLICY_NAMES = [...PAPER_POLICIES, ...FLEET_POLICIES] as const;
export type PaperPolicyName = (typeof PAPER_POLICIES)[number];
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Labels of the policies in result files: the paper's folder names, continued for the fleet-aware ones. */
export const POLICY_LABELS: Readonly<Record<PolicyName, string>> = {
  random: '01-Random',
  dotprod: '02-DotProd',
  clustering: '03-GpuClustering',
  packing: '04-GpuPacking',
  bestfit: '05-BestFit',
  fgd: '06-FGD',
  'fgd-energy': '07-FGD-Energy',
  'fgd-cost': '08-FGD-Cost',
  hetero: '09-Hetero',
};

/** What a policy may read during one scheduling cycle. */
export interface CycleContext {
  readonly state: ClusterState;
  readonly rng: Rng;
}

export interface Policy {
  readonly name: PolicyName;
  /** The label the FGD paper's result files use (`06-FGD`). */
  readonly paperLabel: string;
  /**
   * True when `score(ctx, req, node)` depends only on the pod's resource vector (`req.key`) and the node's
   * state, so callers may cache scores per node version. False for policies that draw random numbers.
   */
  readonly pureScore: boolean;
  /** Optional per-cycle precomputation over the feasible nodes (`feasible[0..count)`). */
  prepare?(ctx: CycleContext, req: PodRequest, feasible: Int32Array, count: number): void;
  /** Integer score in [0, 100] (before normalisation) of a feasible node. */
  score(ctx: CycleContext, req: PodRequest, node: number): number;
  /** Optional in-place normalisation of `scores[0..count)` (scores of `feasible[0..count)`) to [0, 100]. */
  normalize?(scores: Int32Array, count: number): void;
  /**
   * True when `normalize` never changes which nodes share the highest score (min–max scaling with integer
   * division does not: only the raw maximum maps to 100, or all map to 0). Lets callers pick from raw scores.
   */
  readonly normalizeKeepsBest?: boolean;
  /** Device indices (within the node) the pod gets on the chosen node; empty for CPU-only pods. */
  pickDevices(ctx: CycleContext, req: PodRequest, node: number): number[];
  /**
   * The per-node fragmentation memo the policy keeps for `state`, measured against its typical workload, when it
   * keeps one (FGD does, to score): a caller that tracks the fragmentation of the same states shares it instead of
   * measuring every node a second time.
   */
  fragEntries?(state: ClusterState): NodeFragEntries;
}
