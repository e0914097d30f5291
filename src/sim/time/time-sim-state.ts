/**
 * @module sim/time/time-sim-state
 * Everything a fleet-over-time simulation changes as it runs, in one record: the clock, the cluster and its
 * scheduler, where each pod is (pod-runs), the waiting queue, the defragmenter if any, and the accounts (device time, timeline, teams,
 * tally). The events read and change it; the summary reads it at the end.
 */
import { ClusterState, type PodSpec } from '../../model/index.js';
import { EmptyFleetFit, Scheduler } from '../../framework/index.js';
import {
  createPolicy,
  FragMeasure,
  type PodRequest,
  RequestTable,
  typicalPods,
} from '../../policies/index.js';
import { GoRand } from '../../rng/index.js';
import { Defragmenter } from './defragmenter.js';
import { DeviceTime } from './device-time.js';
import { PodRuns } from './pod-runs.js';
import { SharingVariants, type Variants } from './sharing-variants.js';
import { TeamAccounts } from './team-accounts.js';
import type { TimedPod, TimeSimInput } from './time-sim-input.js';
import type { InitialFigures } from './time-sim-result.js';
import { Tally } from './tally.js';
import { Timeline } from './timeline.js';
import { WaitingQueue } from './waiting-queue.js';

export class TimeSimState {
  readonly input: TimeSimInput;
  readonly pods: readonly TimedPod[];
  /** Simulated time: that of the latest event. */
  now = 0;
  readonly cluster: ClusterState;
  readonly scheduler: Scheduler;
  /** Tie-break rank of each node (smaller wins), drawn from the seed. */
  readonly rank: Int32Array;
  /** Speed of a pod on a pool's devices (divides its duration). */
  readonly speed: (pod: TimedPod, pool: number) => number;
  readonly variants: SharingVariants;
  /** Which requests fit some node of the empty fleet (a pod none of whose variants does is rejected). */
  readonly emptyFleet: EmptyFleetFit;
  readonly runs: PodRuns;
  readonly waiting: WaitingQueue;
  readonly deviceTime: DeviceTime;
  readonly timeline: Timeline;
  readonly teams = new TeamAccounts();
  readonly tally: Tally;
  /** The defragmenter, when one is asked for. */
  readonly defrag: Defragmenter | null;
  /** The state the pinned pods started the run from (none pinned: undefined). */
  initial: InitialFigures | undefined;
  private readonly requests: RequestTable;

  constructor(input: TimeSimInput) {
    this.input = input;
    this.pods = input.pods;
    const n = input.pods.length;
    this.cluster = new ClusterState(input.nodes);
    const typical = input.typical ?? typicalPods(input.pods);
    const rng = new GoRand(input.seed);
    this.rank = Int32Array.from(rng.perm(input.nodes.length));
    const policyOptions = {
      typical,
      economics: input.economics,
      usdPerKWh: input.site.usdPerKWh,
      fgdWeight: input.fgdWeight,
    };
    const policy = createPolicy(input.policy, policyOptions);
    this.scheduler = new Scheduler(this.cluster, policy, { rank: this.rank, rng });
    const measure = new FragMeasure(typical, this.cluster.models, this.cluster.maxGpusPerNode);
    this.speed = input.speed ?? (() => 1);
    const poolCount = input.pools.length;
    this.runs = new PodRuns(n);
    this.requests = new RequestTable(this.cluster);
    this.deviceTime = new DeviceTime(this.cluster, measure, input.nodePool, poolCount);
    this.timeline = new Timeline(input.pools, input.sampleSec ?? 3600);
    this.waiting = new WaitingQueue(input.queue ?? 'fifo', input.backfillDepth ?? 64);
    this.variants = new SharingVariants(input.nodes, input.nodePool, poolCount, n, input.shareOn);
    this.emptyFleet = new EmptyFleetFit(input.nodes);
    this.tally = new Tally(n, input.onProgress);
    // The planner places moved pods by the run's policy, an instance of its own so the scheduler's memos see
    // only the scheduler's states.
    this.defrag = input.defrag
      ? new Defragmenter(input.defrag, input.nodes, n, createPolicy(input.policy, policyOptions))
      : null;
  }

  /** Moves the clock to `t` (≥ now): takes the timeline samples due and adds the time passed to the integrals. */
  advanceTo(t: number): void {
    this.timeline.sampleUntil(t, this.deviceTime.allocMilli);
    const dt = t - this.now;
    if (dt > 0) {
      this.deviceTime.integrate(dt);
      this.now = t;
    }
  }

  /** The compiled request of a spec (one per request shape). */
  requestOf(spec: PodSpec): PodRequest {
    return this.requests.of(spec);
  }

  /** The requests pod `i` may be placed as, or why it cannot be placed anywhere. */
  variantsOf(i: number): Variants {
    return this.variants.of(i, this.pods[i]);
  }
}
