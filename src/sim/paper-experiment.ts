/**
 * @module sim/paper-experiment
 * One experiment of the FGD paper's protocol (specs/fgd-reproduction.md §0): tune the workload with the seed,
 * give nodes a random tie-break rank, submit pods one by one to the policy (failed pods are dropped, nothing
 * leaves), and log after every submission the arrived and allocated GPU and the cluster fragmentation.
 */
import {
  ClusterState,
  isPodTable,
  type NodeSpec,
  type PodSpec,
  type PodTable,
  podTableOf,
} from '../model/index.js';
import { EmptyFleetFit, FragTracker, Scheduler } from '../framework/index.js';
import {
  compileRequest,
  createPolicy,
  type FleetEconomics,
  FragMeasure,
  NodeFragEntries,
  type PodRequest,
  type PolicyName,
  typicalPods,
  type TypicalPods,
} from '../policies/index.js';
import type { DefragPlan } from '../defrag/index.js';
import { GoRand } from '../rng/index.js';
import { PaperDefragmenter, type PaperDefragOptions, type PaperDefragStats } from './paper-defrag.js';
import type { PerPodLog } from './paper-series.js';
import { byName, rowsByName, tunedPod, tuneRows, type TunedRows } from './workload-tuning.js';

/** Draws the reference's embedded kube-scheduler makes between tuning and node creation (quirk Q2). */
const INFORMER_DRAWS = 10;

export interface PaperExperimentInput {
  readonly nodes: readonly NodeSpec[];
  /** All pods of the original trace, in any order (a table: see model/pod-table). */
  readonly pods: readonly PodSpec[] | PodTable;
  readonly policy: PolicyName;
  readonly tune: number;
  readonly seed: number;
  /** Use the score cache (default true); false runs the plain path for differential tests. */
  readonly cache?: boolean;
  /** How the cache is used (see framework/scheduler); default `index`. */
  readonly strategy?: 'index' | 'scan';
  /** Typical pods, when already computed for this trace (they depend on the trace only). */
  readonly typical?: TypicalPods;
  /**
   * Called after each submission with the chosen node's name (undefined when the pod failed), and the plan whose
   * moves made room for it when the defrag variant placed it.
   */
  readonly onSubmit?: (
    pod: PodSpec,
    node: string | undefined,
    devices: readonly number[],
    plan?: DefragPlan,
  ) => void;
  /** The opt-in defrag variant (sim/paper-defrag): a plan of at most k moves for each pod the policy fails. */
  readonly defrag?: PaperDefragOptions;
  /** Per-model speed, power and price, for the fleet-aware policies. */
  readonly economics?: FleetEconomics;
  readonly usdPerKWh?: number;
}

export interface PaperExperimentResult {
  readonly policy: PolicyName;
  readonly seed: number;
  readonly tune: number;
  readonly totalGpus: number;
  readonly submitted: number;
  readonly failedPods: number;
  /** Failed pods that would not fit even on the empty cluster (too large, or no node of their type). */
  readonly neverFit: number;
  readonly log: PerPodLog;
  readonly cacheHits: number;
  readonly cacheMisses: number;
  /** What the defrag variant did (only when it ran). */
  readonly defrag?: PaperDefragStats;
}

/** What the protocol submits, and how: the same for the simulator and for a live service replaying the run. */
export interface PaperSubmission {
  /** Nodes sorted by name: node i here is node i of the simulated cluster. */
  readonly nodes: NodeSpec[];
  /** The trace sorted by name (what the typical pods are computed on). */
  readonly sortedPods: PodSpec[];
  /** Pods in submission order, after the seeded tuning. */
  readonly pods: readonly PodSpec[];
  /** Tie-break rank per node (smaller wins). */
  readonly rank: Int32Array;
  /** The random source after the preamble, as the scheduler receives it. */
  readonly rng: GoRand;
  /** The empty cluster. */
  readonly state: ClusterState;
}

/** The protocol's preamble on the trace's table: what {@link PaperSubmission} gives, as rows of the table. */
interface SubmissionRows {
  readonly nodes: NodeSpec[];
  readonly table: PodTable;
  readonly sortedRows: Int32Array;
  readonly tuned: TunedRows;
  readonly rank: Int32Array;
  readonly rng: GoRand;
  readonly state: ClusterState;
}

/** The protocol's preamble: sort, tune the workload with the seed, the reference's informer draws, node ranks. */
function submissionRows(input: {
  readonly nodes: readonly NodeSpec[];
  readonly pods: readonly PodSpec[] | PodTable;
  readonly tune: number;
  readonly seed: number;
}): SubmissionRows {
  const table = isPodTable(input.pods) ? input.pods : podTableOf(input.pods);
  const sortedRows = rowsByName(table);
  const nodes = input.nodes.slice().sort(byName);
  const state = new ClusterState(nodes);
  const rng = new GoRand(input.seed);
  const tuned = tuneRows(table, sortedRows, state.totalGpuMilli, input.tune, rng);
  for (let i = 0; i < INFORMER_DRAWS; i++) rng.int63Discard();
  const rank = Int32Array.from(rng.perm(nodes.length));
  return { nodes, table, sortedRows, tuned, rank, rng, state };
}

/** {@link submissionRows} with the pods themselves (tuned copies renamed): what a live service replaying a run is fed. */
export function paperSubmission(input: {
  readonly nodes: readonly NodeSpec[];
  readonly pods: readonly PodSpec[] | PodTable;
  readonly tune: number;
  readonly seed: number;
}): PaperSubmission {
  const { nodes, table, sortedRows, tuned, rank, rng, state } = submissionRows(input);
  return {
    nodes,
    sortedPods: Array.from(sortedRows, (row) => table.podAt(row)),
    pods: Array.from({ length: tuned.rows.length }, (_, j) => tunedPod(table, tuned, j)),
    rank,
    rng,
    state,
  };
}

export function runPaperExperiment(input: PaperExperimentInput): PaperExperimentResult {
  const { nodes, table, tuned, rank, rng, state } = submissionRows(input);
  const typical = input.typical ?? typicalPods(table);

  const policyOptions = { typical, economics: input.economics, usdPerKWh: input.usdPerKWh };
  const policy = createPolicy(input.policy, policyOptions);
  const scheduler = new Scheduler(state, policy, {
    rank,
    rng,
    cache: input.cache,
    strategy: input.strategy,
    // Every policy here scores a node by its state and spec alone (never by name or index).
    shareInitialScores: true,
    shareMemoryClasses: true,
  });
  // Share the policy's fragmentation memo when it keeps one (FGD): the tracker measures the very states it scored.
  const entries =
    policy.fragEntries?.(state) ??
    new NodeFragEntries(state, new FragMeasure(typical, state.models, state.maxGpusPerNode));
  const tracker = new FragTracker(entries);
  const emptyFleet = new EmptyFleetFit(nodes);
  // The planner places moved pods by the run's policy, with an instance of its own (its memos follow other states).
  const defrag = input.defrag
    ? new PaperDefragmenter(state, createPolicy(input.policy, policyOptions), input.defrag)
    : undefined;

  const { shapes, shapeOf } = table;
  // The table's shapes are its distinct requests: each is compiled once, on its first submission.
  const requestOfShape: (PodRequest | undefined)[] = new Array(shapes.length);
  const rows = tuned.rows;
  const count = rows.length;
  const log: PerPodLog = {
    count,
    totalGpus: state.totalGpus,
    arrivedMilli: new Float64Array(count),
    usedMilli: new Float64Array(count),
    fragMilli: new Float64Array(count),
    fragRatio: new Float64Array(count),
  };
  let arrived = 0;
  let failed = 0;
  let neverFit = 0;
  for (let j = 0; j < count; j++) {
    const shape = shapeOf[rows[j]];
    const pod = shapes[shape]; // its resources are the submitted pod's (its name may not be)
    arrived += pod.gpuMilli * pod.gpuCount;
    const req = (requestOfShape[shape] ??= compileRequest(state, pod));
    const outcome = scheduler.schedule(req);
    // The submitted pod itself (name, QoS) only when someone reads it: the paper's run needs its resources only.
    const submitted = defrag || input.onSubmit ? tunedPod(table, tuned, j) : pod;
    if (outcome.ok) {
      state.assume(outcome.node, pod, outcome.devices);
      tracker.refresh(outcome.node);
      defrag?.placed(submitted, outcome.node, outcome.devices);
      input.onSubmit?.(submitted, nodes[outcome.node].name, outcome.devices);
    } else {
      const fitsEmpty = emptyFleet.fitsSomewhere(req);
      const planned = defrag && fitsEmpty ? defrag.tryPlace(submitted) : undefined;
      if (planned) {
        for (const node of planned.changed) tracker.refresh(node);
        input.onSubmit?.(submitted, nodes[planned.node].name, planned.devices, planned.plan);
      } else {
        failed++;
        if (!fitsEmpty) neverFit++;
        input.onSubmit?.(submitted, undefined, []);
      }
    }
    const frag = tracker.fragMilli();
    log.arrivedMilli[j] = arrived;
    log.usedMilli[j] = state.usedGpuMilli;
    log.fragMilli[j] = frag;
    log.fragRatio[j] = (100 * frag) / tracker.idleMilli();
  }
  return {
    policy: input.policy,
    seed: input.seed,
    tune: input.tune,
    totalGpus: state.totalGpus,
    submitted: count,
    failedPods: failed,
    neverFit,
    log,
    cacheHits: scheduler.cacheHits,
    cacheMisses: scheduler.cacheMisses,
    ...(defrag && { defrag: defrag.stats() }),
  };
}
