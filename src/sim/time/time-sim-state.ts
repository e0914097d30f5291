/**
 * @module sim/time/time-sim-state
 * Everything a fleet-over-time simulation changes as it runs, in one record: the clock, the cluster and its
 * scheduler, where each pod is (pod-runs), the waiting queue, the defragmenter if any, and the accounts (device time, timeline, teams,
 * tally). The events read and change it; the summary reads it at the end.
 *
 * A pod is known by its index in a list workload, or by its slot in a streamed one (live-slots): the events,
 * runs and queue see one number either way; the times of a streamed pod that is done are kept (pod-times) and
 * its slot reused.
 */
import { ClusterState, type PodSpec } from '../../model/index.js';
import { EmptyFleetFit, Scheduler } from '../../framework/index.js';
import {
  createPolicy,
  FragMeasure,
  NodeFragEntries,
  type PodRequest,
  RequestTable,
  typicalPods,
} from '../../policies/index.js';
import { GoRand } from '../../rng/index.js';
import { Defragmenter } from './defragmenter.js';
import { DeviceTime } from './device-time.js';
import { LiveSlots } from './live-slots.js';
import { PodRuns } from './pod-runs.js';
import { isPodStream } from './pod-stream.js';
import { PodTimes } from './pod-times.js';
import { SharingVariants, type Variants } from './sharing-variants.js';
import { TeamAccounts } from './team-accounts.js';
import type { TimedPod, TimeSimInput } from './time-sim-input.js';
import type { InitialFigures } from './time-sim-result.js';
import { Tally } from './tally.js';
import { Timeline } from './timeline.js';
import { WaitingQueue } from './waiting-queue.js';

export class TimeSimState {
  readonly input: TimeSimInput;
  /** The pods by index (list workload) or by slot (streamed workload). */
  readonly pods: readonly TimedPod[];
  /** The slots of a streamed workload's live pods; null for a list. */
  readonly live: LiveSlots | null;
  /** With a stream: the times of the pods that are done (their slots were reused). */
  private readonly doneTimes = new PodTimes();
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
  private lastSpec: PodSpec | null = null;
  private lastRequest: PodRequest | null = null;

  constructor(input: TimeSimInput) {
    this.input = input;
    const stream = isPodStream(input.pods) ? input.pods : null;
    // A programming error, not an input error: callers stream only runs without the defragmenter (its planner
    // names pods by index), and give the typical workload that a stream read once cannot supply.
    if (stream !== null && input.defrag)
      throw new Error('TimeSimState: a streamed workload runs without defrag');
    this.live = stream === null ? null : new LiveSlots();
    this.pods = stream === null ? (input.pods as readonly TimedPod[]) : this.live!.pods;
    // A stream's arrays start small and grow with the live pods.
    const n = stream === null ? this.pods.length : 0;
    this.cluster = new ClusterState(input.nodes);
    const typical = input.typical ?? stream?.typical ?? typicalPods(this.pods);
    const rng = new GoRand(input.seed);
    this.rank = Int32Array.from(rng.perm(input.nodes.length));
    const policyOptions = {
      typical,
      economics: input.economics,
      usdPerKWh: input.site.usdPerKWh,
      fgdWeight: input.fgdWeight,
    };
    const policy = createPolicy(input.policy, policyOptions);
    // Pods that differ only in memory share an index: the same decisions, half the indexes to keep up to date.
    this.scheduler = new Scheduler(this.cluster, policy, { rank: this.rank, rng, shareMemoryClasses: true });
    // FGD keeps each node's fragmentation entry to score it: the device-time account reads the same entries.
    const entries =
      policy.fragEntries?.(this.cluster) ??
      new NodeFragEntries(
        this.cluster,
        new FragMeasure(typical, this.cluster.models, this.cluster.maxGpusPerNode),
      );
    this.speed = input.speed ?? (() => 1);
    const poolCount = input.pools.length;
    this.runs = new PodRuns(n);
    this.requests = new RequestTable(this.cluster);
    this.deviceTime = new DeviceTime(entries, input.nodePool, poolCount);
    this.timeline = new Timeline(input.pools, input.sampleSec ?? 3600);
    this.waiting = new WaitingQueue(input.queue ?? 'fifo', input.backfillDepth ?? 64);
    this.variants = new SharingVariants(input.nodes, input.nodePool, poolCount, n, input.shareOn);
    this.emptyFleet = new EmptyFleetFit(input.nodes);
    this.tally = new Tally(stream === null ? n : stream.expected, input.onProgress);
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

  /** Number of pods: the list's, or those read from the stream so far. */
  get podCount(): number {
    return this.live === null ? this.pods.length : this.live.admitted;
  }

  /** Takes the next pod of a streamed workload in; returns its slot. */
  admit(pod: TimedPod): number {
    const slot = this.live!.admit(pod);
    this.runs.ensure(slot);
    return slot;
  }

  /** Where ties are broken by pod: pod `i`'s position in the workload (its index, or its place in the stream). */
  ordinalOf(i: number): number {
    return this.live === null ? i : this.live.ordinalOf(i);
  }

  /** A departure of pod `i` was queued. */
  departureQueued(i: number): void {
    this.live?.departureQueued(i);
  }

  /** A departure of pod `i` was handled (stale or not). */
  departureHandled(i: number): void {
    if (this.live?.departureHandled(i) === true) this.reuse(i);
  }

  /** Pod `i` left for good (it finished, or was rejected). */
  podLeft(i: number): void {
    if (this.live === null) return;
    this.doneTimes.add(this.pods[i].arrivalSec, this.runs.start[i], this.runs.finish[i]);
    if (this.live.podLeft(i)) this.reuse(i);
  }

  /** The queueing and completion times of every pod (read once, at the end). */
  podTimes(): PodTimes {
    const times = this.live === null ? new PodTimes() : this.doneTimes;
    for (let i = 0; i < this.pods.length; i++) {
      if (this.live !== null && !this.live.isLive(i)) continue;
      // Pinned pods (running before the run began) have neither a queueing delay nor a completion time.
      if (this.pods[i].pinned !== undefined) continue;
      times.add(this.pods[i].arrivalSec, this.runs.start[i], this.runs.finish[i]);
    }
    return times;
  }

  /** Frees slot `i` for the stream's next pod. */
  private reuse(i: number): void {
    this.runs.clear(i);
    this.variants.forget(i);
  }

  /** The compiled request of a spec (one per request shape). */
  requestOf(spec: PodSpec): PodRequest {
    // An arrival asks for its pod's request twice (does it fit the empty fleet, then to place it): a table lookup
    // hashes the spec's resources each time.
    if (spec !== this.lastSpec) {
      this.lastSpec = spec;
      this.lastRequest = this.requests.of(spec);
    }
    return this.lastRequest!;
  }

  /** The requests pod `i` may be placed as, or why it cannot be placed anywhere. */
  variantsOf(i: number): Variants {
    return this.variants.of(i, this.pods[i]);
  }
}
