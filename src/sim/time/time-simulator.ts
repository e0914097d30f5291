/**
 * @module sim/time/time-simulator
 * Event-driven simulation of a fleet over time: pods arrive at their arrival time, run for their duration
 * (scaled by the speed of the device they land on) and leave; pods that fit nowhere wait in a queue (FIFO, or
 * with backfill; higher QoS first; optional preemption of best-effort pods). The same ClusterState, Scheduler
 * and policies as the paper protocol, so a policy behaves identically in both.
 *
 * Symbols (see metrics in {@link TimeSimResult}): a_p arrival, s_p start, f_p finish of pod p;
 * queueing delay s_p − a_p, job completion time f_p − a_p; device-hours are integrals over [0, T] of the
 * device capacity in a given state (allocated, stranded = free but fragmented for the typical workload,
 * idle = free and usable).
 */
import { ClusterState, MILLI_PER_DEVICE, type NodeSpec, type PodSpec } from '../../model/index.js';
import { EmptyFleetFit, fits, Scheduler } from '../../framework/index.js';
import {
  createPolicy,
  type FleetEconomics,
  FragMeasure,
  type PodRequest,
  type PolicyName,
  RequestTable,
  typicalPods,
  type TypicalPods,
} from '../../policies/index.js';
import { GoRand } from '../../rng/index.js';
import { EventQueue } from './event-queue.js';
import { summarize, type Percentiles } from './percentiles.js';

/** A pod with a place in time. */
export interface TimedPod extends PodSpec {
  /** Seconds from the start of the simulation. */
  readonly arrivalSec: number;
  /** Run time on the reference device (speed 1). */
  readonly durationSec: number;
  /** Organisation or team the pod belongs to, when known. */
  readonly team?: string;
}

/** What one pool of identical nodes costs and draws. */
export interface PoolEconomics {
  readonly name: string;
  /** Catalog id of the accelerator (`nvidia-h20`). */
  readonly accelerator: string;
  readonly devicesPerNode: number;
  readonly nodes: number;
  /** Power of one device at full load and when idle, in W. */
  readonly tdpW: number;
  readonly idleW: number;
  /** Power of the rest of one node (CPUs, NICs, fans), in W. */
  readonly nodeOverheadW: number;
  /** Capital (amortised) or rental cost of one node for one hour, devices included, in USD. */
  readonly usdPerNodeHour: number;
}

export interface Site {
  /** Power usage effectiveness: facility power / IT power (≥ 1). */
  readonly pue: number;
  readonly usdPerKWh: number;
}

export type QueueDiscipline = 'fifo' | 'backfill';

export interface TimeSimInput {
  readonly nodes: readonly NodeSpec[];
  /** Pool index of each node. */
  readonly nodePool: Int32Array;
  readonly pools: readonly PoolEconomics[];
  readonly site: Site;
  readonly pods: readonly TimedPod[];
  readonly policy: PolicyName;
  readonly seed: number;
  /** The workload FGD optimises for and stranded capacity is measured against (default: from `pods`). */
  readonly typical?: TypicalPods;
  readonly queue?: QueueDiscipline;
  /** How many waiting pods behind the head a backfill pass may try (default 64). */
  readonly backfillDepth?: number;
  /** Evict best-effort pods to place higher-QoS pods that wait (default false). */
  readonly preemption?: boolean;
  /** Speed of `pod` on a device of pool `pool`, relative to where its duration was recorded (default 1). */
  readonly speed?: (pod: TimedPod, pool: number) => number;
  /** Timeline resolution in seconds (default 3600). */
  readonly sampleSec?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Per-model speed, power and price, for the fleet-aware policies. */
  readonly economics?: FleetEconomics;
  /** Weight of FGD in `fgd-energy`/`fgd-cost`. */
  readonly fgdWeight?: number;
  /**
   * How pool p's devices can be shared: the share a sharing request of `milli` gets there (rounded up to what
   * the model allows), or why it cannot be shared. Default: free milli-shares everywhere (openb time-slicing).
   */
  readonly shareOn?: (pool: number, milli: number) => ShareResult;
}

export type ShareResult =
  { readonly ok: true; readonly milli: number } | { readonly ok: false; readonly reason: string };

export interface DeviceHours {
  total: number;
  allocated: number;
  /** Free but unusable by the typical workload (fragmented). */
  stranded: number;
  /** Free and usable. */
  idle: number;
}

export interface ModelFigures {
  devices: number;
  deviceHours: DeviceHours;
  energyKWh: number;
  costUsd: number;
}

export interface TimeSimResult {
  policy: PolicyName;
  seed: number;
  devices: number;
  pods: number;
  placed: number;
  /** Pods that fit no node even on the empty fleet, or whose share no device model allows (never queued). */
  rejected: number;
  /** Why pods were rejected, with counts. */
  rejections: Record<string, number>;
  preemptions: number;
  /** Simulated span: from 0 to the last departure. */
  horizonSec: number;
  deviceHours: DeviceHours;
  energyKWh: number;
  costUsd: number;
  capitalUsd: number;
  energyUsd: number;
  queueDelaySec: Percentiles;
  jctSec: Percentiles;
  /** Keyed by accelerator catalog id. */
  perModel: Record<string, ModelFigures>;
  /** Allocated device-hours and pods per team (pods without a team count as `unassigned`). */
  perTeam: Record<string, { deviceHours: number; pods: number }>;
  /** Allocation % per accelerator over time, sampled every `sampleSec`. */
  timeline: { sampleSec: number; tSec: number[]; allocationPct: Record<string, number[]> };
  elapsedMs: number;
}

const PRIORITY_LEVELS = 3;

/** Scheduling priority of a QoS class: latency-sensitive/guaranteed first, best-effort last. */
export function qosPriority(qos: string | undefined): number {
  if (qos === 'BE') return 0;
  if (qos === 'Burstable') return 1;
  return 2; // LS, Guaranteed, unknown
}

const ARRIVAL = 0;
const DEPARTURE = 1;

export function runTimeSimulation(input: TimeSimInput): TimeSimResult {
  const t0 = performance.now();
  const pods = input.pods;
  const n = pods.length;
  const state = new ClusterState(input.nodes);
  const typical = input.typical ?? typicalPods(pods);
  const rng = new GoRand(input.seed);
  const rank = Int32Array.from(rng.perm(input.nodes.length));
  const policy = createPolicy(input.policy, {
    typical,
    economics: input.economics,
    usdPerKWh: input.site.usdPerKWh,
  });
  const scheduler = new Scheduler(state, policy, { rank, rng });
  const measure = new FragMeasure(typical, state.models, state.maxGpusPerNode);
  const speed = input.speed ?? (() => 1);
  const sampleSec = input.sampleSec ?? 3600;
  const discipline = input.queue ?? 'fifo';
  const backfillDepth = input.backfillDepth ?? 64;
  const pools = input.pools;
  const P = pools.length;
  const nodePool = input.nodePool;

  // Per-pod state.
  const start = new Float64Array(n).fill(-1);
  const finish = new Float64Array(n).fill(-1);
  const placedNode = new Int32Array(n).fill(-1);
  const placedDevices: (number[] | null)[] = new Array(n).fill(null);
  // The request as placed: a sharing request rounded to what the device model allows (see `variantsOf`).
  const placedSpec: (PodSpec | null)[] = new Array(n).fill(null);
  // When the pod's current run ends: a departure event at another time is stale (the pod was evicted).
  const runEnd = new Float64Array(n).fill(-1);
  const requests = new RequestTable(state);
  const requestOf = (pod: PodSpec): PodRequest => requests.of(pod);

  // Accumulators, per pool: allocated milli now, fragmented milli now, and their time integrals.
  const allocMilli = new Float64Array(P);
  const fragMilli = new Float64Array(P);
  const allocMilliSec = new Float64Array(P);
  const fragMilliSec = new Float64Array(P);
  const nodeFrag = new Float64Array(state.nodeCount);
  for (let node = 0; node < state.nodeCount; node++) {
    nodeFrag[node] = measure.frag(
      state.modelId[node],
      state.cpuLeft[node],
      state.gpuLeft,
      state.gpuOffset[node],
      state.gpuCountOf(node),
    );
    fragMilli[nodePool[node]] += nodeFrag[node];
  }
  const teamMilliSec = new Map<string, number>();
  const teamPods = new Map<string, number>();
  const modelOfPool = pools.map((p) => p.accelerator);
  const models = [...new Set(modelOfPool)];
  const capacityByModel = new Map<string, number>();
  pools.forEach((p) =>
    capacityByModel.set(
      p.accelerator,
      (capacityByModel.get(p.accelerator) ?? 0) + p.nodes * p.devicesPerNode * MILLI_PER_DEVICE,
    ),
  );
  const timeline = {
    sampleSec,
    tSec: [] as number[],
    allocationPct: Object.fromEntries(models.map((m) => [m, [] as number[]])),
  };
  let nextSample = 0;
  let now = 0;

  const advance = (t: number) => {
    while (nextSample <= t) {
      timeline.tSec.push(nextSample);
      const byModel = new Map<string, number>();
      for (let p = 0; p < P; p++)
        byModel.set(modelOfPool[p], (byModel.get(modelOfPool[p]) ?? 0) + allocMilli[p]);
      for (const m of models)
        timeline.allocationPct[m].push((100 * (byModel.get(m) ?? 0)) / capacityByModel.get(m)!);
      nextSample += sampleSec;
    }
    const dt = t - now;
    if (dt > 0) {
      for (let p = 0; p < P; p++) {
        allocMilliSec[p] += allocMilli[p] * dt;
        fragMilliSec[p] += fragMilli[p] * dt;
      }
      now = t;
    }
  };

  const refreshFrag = (node: number) => {
    const f = measure.frag(
      state.modelId[node],
      state.cpuLeft[node],
      state.gpuLeft,
      state.gpuOffset[node],
      state.gpuCountOf(node),
    );
    fragMilli[nodePool[node]] += f - nodeFrag[node];
    nodeFrag[node] = f;
  };

  const events = new EventQueue();
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => pods[a].arrivalSec - pods[b].arrivalSec || a - b,
  );
  for (const i of order) events.push(pods[i].arrivalSec, i * 2 + ARRIVAL);

  // Waiting pods per priority level, FIFO within a level.
  const waiting: number[][] = Array.from({ length: PRIORITY_LEVELS }, () => []);
  const waitingHead = new Int32Array(PRIORITY_LEVELS);
  let waitingCount = 0;
  const priorityOf = (i: number) => qosPriority(pods[i].qos);
  const runningBestEffort = new Set<number>();

  const place = (i: number, spec: PodSpec, node: number, devices: number[]) => {
    const pod = pods[i];
    state.assume(node, spec, devices);
    placedSpec[i] = spec;
    refreshFrag(node);
    const pool = nodePool[node];
    allocMilli[pool] += spec.gpuCount * spec.gpuMilli;
    placedNode[i] = node;
    placedDevices[i] = devices;
    start[i] = now;
    runEnd[i] = now + pod.durationSec / speed(pod, pool);
    events.push(runEnd[i], i * 2 + DEPARTURE);
    if (priorityOf(i) === 0) runningBestEffort.add(i);
  };

  const release = (i: number) => {
    const pod = placedSpec[i]!;
    const node = placedNode[i];
    state.forget(node, pod, placedDevices[i]!);
    refreshFrag(node);
    const pool = nodePool[node];
    allocMilli[pool] -= pod.gpuCount * pod.gpuMilli;
    const team = pods[i].team ?? 'unassigned';
    teamMilliSec.set(team, (teamMilliSec.get(team) ?? 0) + pod.gpuCount * pod.gpuMilli * (now - start[i]));
    runningBestEffort.delete(i);
  };

  // Sharing requests rounded per device model: one variant per distinct rounding, restricted to those models.
  const poolModel = pools.map((_, p) => input.nodes[input.nodePool.indexOf(p)]?.gpuModel ?? '');
  const shareOn = input.shareOn;
  const variantCache = new Map<string, PodSpec[] | string>();
  const variantsOf = (pod: PodSpec): PodSpec[] | string => {
    if (!shareOn || pod.gpuCount !== 1 || pod.gpuMilli === 0 || pod.gpuMilli >= MILLI_PER_DEVICE)
      return [pod];
    const key = `${pod.gpuMilli}/${pod.gpuTypes.join('|')}`;
    const cached = variantCache.get(key);
    if (cached !== undefined) {
      return typeof cached === 'string'
        ? cached
        : cached.map((v) => ({ ...pod, gpuMilli: v.gpuMilli, gpuTypes: v.gpuTypes }));
    }
    const byMilli = new Map<number, string[]>();
    const reasons = new Set<string>();
    const allowed = [...new Set(poolModel)].filter(
      (m) => pod.gpuTypes.length === 0 || pod.gpuTypes.includes(m),
    );
    for (const model of allowed) {
      const r = shareOn(poolModel.indexOf(model), pod.gpuMilli);
      if (!r.ok) reasons.add(r.reason);
      else byMilli.set(r.milli, [...(byMilli.get(r.milli) ?? []), model]);
    }
    let result: PodSpec[] | string;
    if (byMilli.size === 0) result = [...reasons].join('; ') || 'no device model of the fleet accepts it';
    else if (byMilli.size === 1 && reasons.size === 0)
      result = [{ ...pod, gpuMilli: [...byMilli.keys()][0] }];
    else
      result = [...byMilli.entries()].map(([milli, models]) => ({
        ...pod,
        gpuMilli: milli,
        gpuTypes: models,
      }));
    variantCache.set(key, result);
    return result;
  }; // Per pod: a pod retried from the queue reuses its variants instead of rebuilding them on every attempt.
  const podVariants: (PodSpec[] | string | undefined)[] = new Array(n);
  const variantsFor = (i: number): PodSpec[] | string => {
    const pod = pods[i];
    const rounded = shareOn && pod.gpuCount === 1 && pod.gpuMilli > 0 && pod.gpuMilli < MILLI_PER_DEVICE;
    return rounded ? (podVariants[i] ??= variantsOf(pod)) : [pod];
  };

  const trySchedule = (i: number): boolean => {
    const variants = variantsFor(i);
    if (typeof variants === 'string') return false;
    let best: { spec: PodSpec; node: number; devices: number[]; score: number } | null = null;
    for (const spec of variants) {
      const req = requestOf(spec);
      const outcome = scheduler.schedule(req);
      if (!outcome.ok) continue;
      // Alternatives compete on the policy's raw score, then on rank, like nodes within one request.
      const score = variants.length === 1 ? 0 : scheduler.rawScore(req, outcome.node);
      if (
        best === null ||
        score > best.score ||
        (score === best.score && scheduler.rankOf(outcome.node) < scheduler.rankOf(best.node))
      ) {
        best = { spec, node: outcome.node, devices: outcome.devices, score };
      }
    }
    if (best === null) return false;
    place(i, best.spec, best.node, best.devices);
    return true;
  };

  /** Evicts best-effort pods from one node so that pod i fits there; returns whether it was placed. */
  let preemptions = 0;
  const tryPreempt = (i: number): boolean => {
    const variants = variantsFor(i);
    if (typeof variants === 'string') return false;
    const reqs = variants.map(requestOf);
    const fitsAny = (node: number) => reqs.some((req) => fits(state, req, node));
    const victimsByNode = new Map<number, number[]>();
    for (const v of runningBestEffort) {
      const node = placedNode[v];
      const list = victimsByNode.get(node);
      if (list) list.push(v);
      else victimsByNode.set(node, [v]);
    }
    // Smallest rank first among nodes where removing their best-effort pods makes room.
    const candidates = [...victimsByNode.keys()].sort((a, b) => rank[a] - rank[b]);
    for (const node of candidates) {
      const victims = victimsByNode.get(node)!.sort((a, b) => start[b] - start[a] || b - a); // newest first
      const removed: number[] = [];
      for (const v of victims) {
        state.forget(node, placedSpec[v]!, placedDevices[v]!);
        removed.push(v);
        if (fitsAny(node)) break;
      }
      const ok = fitsAny(node);
      for (const v of removed) state.assume(node, placedSpec[v]!, placedDevices[v]!); // restore, then evict for real
      if (!ok) continue;
      for (const v of removed) {
        release(v);
        placedNode[v] = -1;
        placedDevices[v] = null;
        enqueue(v);
        preemptions++;
      }
      return trySchedule(i);
    }
    return false;
  };

  const enqueue = (i: number) => {
    waiting[priorityOf(i)].push(i);
    waitingCount++;
  };

  /** Tries waiting pods, highest priority first: FIFO stops at the first that does not fit; backfill goes on. */
  const drainQueue = () => {
    for (let level = PRIORITY_LEVELS - 1; level >= 0 && waitingCount > 0; level--) {
      const q = waiting[level];
      let tried = 0;
      let blocked = false;
      for (let k = waitingHead[level]; k < q.length; k++) {
        const i = q[k];
        if (i < 0) continue;
        if (trySchedule(i) || (input.preemption && level > 0 && tryPreempt(i))) {
          q[k] = -1;
          waitingCount--;
          continue;
        }
        blocked = true;
        if (discipline === 'fifo' || ++tried >= backfillDepth) break;
      }
      while (waitingHead[level] < q.length && q[waitingHead[level]] < 0) waitingHead[level]++;
      if (waitingHead[level] > 4096 && waitingHead[level] * 2 > q.length) {
        q.splice(0, waitingHead[level]);
        waitingHead[level] = 0;
      }
      // Strict FIFO across levels too: lower levels wait while a higher one is blocked.
      if (blocked && discipline === 'fifo') break;
    }
  };

  const emptyFleet = new EmptyFleetFit(input.nodes);
  const fitsSomewhere = (req: PodRequest) => emptyFleet.fitsSomewhere(req);

  let rejected = 0;
  const rejections = new Map<string, number>();
  const reject = (reason: string) => {
    rejected++;
    rejections.set(reason, (rejections.get(reason) ?? 0) + 1);
  };
  let done = 0;
  let lastDeparture = 0;
  const progressEvery = Math.max(1, Math.floor(n / 100));
  while (events.size > 0) {
    const t = events.peekTime();
    const payload = events.pop();
    const i = payload >> 1;
    advance(t);
    if ((payload & 1) === DEPARTURE) {
      if (placedNode[i] < 0 || runEnd[i] !== t) continue;
      release(i);
      finish[i] = t;
      lastDeparture = t;
      placedNode[i] = -1;
      done++;
      if (done % progressEvery === 0) input.onProgress?.(done, n);
      if (waitingCount > 0) drainQueue();
    } else {
      const pod = pods[i];
      const team = pod.team ?? 'unassigned';
      teamPods.set(team, (teamPods.get(team) ?? 0) + 1);
      const variants = variantsFor(i);
      if (typeof variants === 'string') {
        reject(variants);
        done++;
        continue;
      }
      if (!variants.some((v) => fitsSomewhere(requestOf(v)))) {
        reject('fits no node even on the empty fleet');
        done++;
        continue;
      }
      const level = priorityOf(i);
      // FIFO: a new pod may not overtake waiting pods of its level or above.
      let mayGo = true;
      if (discipline === 'fifo')
        for (let l = level; l < PRIORITY_LEVELS; l++) if (waiting[l].length > waitingHead[l]) mayGo = false;
      if (!(mayGo && trySchedule(i)) && !(mayGo && input.preemption && level > 0 && tryPreempt(i)))
        enqueue(i);
    }
  }
  advance(lastDeparture);
  input.onProgress?.(n, n);

  // Summaries.
  const horizonSec = now;
  const hours = horizonSec / 3600;
  const perModel: Record<string, ModelFigures> = {};
  let totalDevices = 0;
  let energyKWh = 0;
  let capitalUsd = 0;
  const sum: DeviceHours = { total: 0, allocated: 0, stranded: 0, idle: 0 };
  pools.forEach((pool, p) => {
    const devices = pool.nodes * pool.devicesPerNode;
    totalDevices += devices;
    const allocatedH = allocMilliSec[p] / MILLI_PER_DEVICE / 3600;
    const strandedH = fragMilliSec[p] / MILLI_PER_DEVICE / 3600;
    const totalH = devices * hours;
    // Device power is idle power plus a load-proportional part; the node's other parts draw a constant.
    const itWh =
      devices * pool.idleW * hours +
      (pool.tdpW - pool.idleW) * allocatedH +
      pool.nodes * pool.nodeOverheadW * hours;
    const kWh = (itWh * input.site.pue) / 1000;
    const capital = pool.nodes * pool.usdPerNodeHour * hours;
    energyKWh += kWh;
    capitalUsd += capital;
    const figures = (perModel[pool.accelerator] ??= {
      devices: 0,
      deviceHours: { total: 0, allocated: 0, stranded: 0, idle: 0 },
      energyKWh: 0,
      costUsd: 0,
    });
    figures.devices += devices;
    figures.deviceHours.total += totalH;
    figures.deviceHours.allocated += allocatedH;
    figures.deviceHours.stranded += strandedH;
    figures.deviceHours.idle += totalH - allocatedH - strandedH;
    figures.energyKWh += kWh;
    figures.costUsd += capital + kWh * input.site.usdPerKWh;
    sum.total += totalH;
    sum.allocated += allocatedH;
    sum.stranded += strandedH;
    sum.idle += totalH - allocatedH - strandedH;
  });
  const energyUsd = energyKWh * input.site.usdPerKWh;
  const delays: number[] = [];
  const jcts: number[] = [];
  let placed = 0;
  for (let i = 0; i < n; i++) {
    if (start[i] < 0) continue;
    placed++;
    delays.push(start[i] - pods[i].arrivalSec);
    if (finish[i] >= 0) jcts.push(finish[i] - pods[i].arrivalSec);
  }
  const perTeam: Record<string, { deviceHours: number; pods: number }> = {};
  for (const [team, count] of [...teamPods.entries()].sort()) {
    perTeam[team] = { deviceHours: (teamMilliSec.get(team) ?? 0) / MILLI_PER_DEVICE / 3600, pods: count };
  }
  return {
    policy: input.policy,
    seed: input.seed,
    devices: totalDevices,
    pods: n,
    placed,
    rejected,
    rejections: Object.fromEntries([...rejections.entries()].sort((a, b) => b[1] - a[1])),
    preemptions,
    horizonSec,
    deviceHours: sum,
    energyKWh,
    costUsd: capitalUsd + energyUsd,
    capitalUsd,
    energyUsd,
    queueDelaySec: summarize(delays),
    jctSec: summarize(jcts),
    perModel,
    perTeam,
    timeline,
    elapsedMs: Math.round(performance.now() - t0),
  };
}
