/**
 * @module plan/check/serving-simulation
 * A discrete-event simulation of one node serving one LLM service by continuous batching: Poisson arrivals, a
 * join-shortest-queue dispatcher over the node's replicas, and per replica a queue and a running batch of at most
 * `batchLimit` requests. It measures each request's TTFT and TPOT, the figures a percentile SLO bounds and the
 * performance model's steady state (no queue) cannot give.
 *
 * A replica works in steps. A step starts when the replica has work: it admits queued requests (oldest first) up
 * to the batch limit and runs one forward pass over the requests already decoding plus the whole prompts of those
 * just admitted (`stepSec(decoding, prefillTokens)`, from the roofline). At the step's end each admitted request
 * has its first token (TTFT = end − arrival) and each decoding request one more token; a request leaves with its
 * O-th token, so TPOT = (last token − first token) / (O − 1). A request arriving during a step waits for the next.
 *
 * Arrivals stop at the end of the window; the requests already in are run to completion and all of them count.
 */
import type { Rng } from '../../rng/index.js';

export interface ServingSimulationInput {
  /** Mean arrivals per second at this node (Poisson). */
  readonly requestsPerSec: number;
  /** Replicas on the node, each with its own queue and batch. */
  readonly replicas: number;
  /** Most requests one replica decodes together (its KV cache and the SLO-feasible batch). */
  readonly batchLimit: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Seconds of one forward step over `decoding` running requests plus `prefillTokens` prompt tokens. */
  readonly stepSec: (decoding: number, prefillTokens: number) => number;
  /** Simulated seconds during which requests arrive. */
  readonly windowSec: number;
  /** At most this many arrivals (the window is cut short when reached). */
  readonly maxRequests: number;
  readonly rng: Rng;
}

export interface ServingSimulationResult {
  /** Per request, in arrival order. */
  readonly ttftSec: Float64Array;
  readonly tpotSec: Float64Array;
  /** Simulated seconds during which requests arrived. */
  readonly arrivalSec: number;
}

interface Replica {
  /** Ids (arrival indices) of requests sent here, in order; those from `head` on are waiting. */
  readonly queue: number[];
  head: number;
  /** End time of each step so far, and the requests each admitted. */
  readonly stepEnds: number[];
  readonly admitted: number[];
  /** Requests decoding (admitted and not yet at their O-th token). */
  running: number;
  /** End of the current step; Infinity when idle. */
  stepEnd: number;
}

export function simulateServing(input: ServingSimulationInput): ServingSimulationResult {
  const { replicas: R, batchLimit, inputTokens: I, outputTokens: O, rng } = input;
  // A step's time depends only on (decoding, admitted), both ≤ the batch limit: each pair is computed once.
  const width = batchLimit + 1;
  const stepCache = new Float64Array(width * width).fill(-1);
  const stepSec = (decoding: number, admitted: number) => {
    const at = decoding * width + admitted;
    if (stepCache[at] < 0) stepCache[at] = input.stepSec(decoding, admitted * I);
    return stepCache[at];
  };
  const arrivals: number[] = [];
  // Arrival times first: the rng's draws depend only on the rate, window and cap, so a seed fixes them.
  for (let t = exponential(rng, input.requestsPerSec); t < input.windowSec;) {
    if (arrivals.length >= input.maxRequests) break;
    arrivals.push(t);
    t += exponential(rng, input.requestsPerSec);
  }
  const n = arrivals.length;
  const arrivalSec = n === 0 ? 0 : n >= input.maxRequests ? arrivals[n - 1] : input.windowSec;
  // A request admitted by step k of its replica has token j at the end of step k + j − 1: its step and replica
  // are all that is kept, so a step costs O(1) whatever the batch.
  const admitStep = new Int32Array(n);
  const replicaOf = new Int32Array(n);
  const reps: Replica[] = Array.from({ length: R }, () => ({
    queue: [],
    head: 0,
    stepEnds: [],
    admitted: [],
    running: 0,
    stepEnd: Infinity,
  }));

  const startStep = (r: Replica, k: number, now: number) => {
    const decoding = r.running;
    const step = r.admitted.length;
    let admitted = 0;
    while (r.head < r.queue.length && r.running < batchLimit) {
      const id = r.queue[r.head++];
      admitStep[id] = step;
      replicaOf[id] = k;
      r.running++;
      admitted++;
    }
    if (r.running === 0) {
      r.stepEnd = Infinity;
      return;
    }
    r.admitted.push(admitted);
    r.stepEnd = now + stepSec(decoding, admitted);
  };

  const endStep = (r: Replica, k: number) => {
    const now = r.stepEnd;
    r.stepEnds.push(now);
    // Those admitted O − 1 steps before this one have their O-th token and leave.
    const leaving = r.stepEnds.length - O;
    if (leaving >= 0) r.running -= r.admitted[leaving];
    startStep(r, k, now);
  };

  let next = 0;
  for (;;) {
    let k = -1;
    for (let j = 0; j < R; j++) if (reps[j].stepEnd < (k < 0 ? Infinity : reps[k].stepEnd)) k = j;
    const stepEnd = k < 0 ? Infinity : reps[k].stepEnd;
    if (next < n && arrivals[next] < stepEnd) {
      const to = shortestQueue(reps);
      reps[to].queue.push(next);
      if (reps[to].stepEnd === Infinity) startStep(reps[to], to, arrivals[next]);
      next++;
    } else if (k >= 0) {
      endStep(reps[k], k);
    } else {
      break;
    }
  }
  const ttft = new Float64Array(n);
  const tpot = new Float64Array(n);
  for (let id = 0; id < n; id++) {
    const ends = reps[replicaOf[id]].stepEnds;
    const first = ends[admitStep[id]];
    ttft[id] = first - arrivals[id];
    tpot[id] = O > 1 ? (ends[admitStep[id] + O - 1] - first) / (O - 1) : 0;
  }
  return { ttftSec: ttft, tpotSec: tpot, arrivalSec };
}

/** The replica with the fewest requests waiting or running (the lowest index on ties, for determinism). */
function shortestQueue(reps: readonly Replica[]): number {
  let best = 0;
  let least = Infinity;
  reps.forEach((r, k) => {
    const load = r.queue.length - r.head + r.running;
    if (load < least) {
      least = load;
      best = k;
    }
  });
  return best;
}

/** An exponential gap of mean 1/rate seconds (rate 0: never). */
function exponential(rng: Rng, rate: number): number {
  return rate > 0 ? -Math.log(1 - rng.float64()) / rate : Infinity;
}
