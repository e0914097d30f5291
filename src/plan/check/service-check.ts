/**
 * @module plan/check/service-check
 * The simulated check of one inference service in one quarter of a plan. The plan gives each chip a share of the
 * service (nodes' worth of time, and what they serve); each chip's share of the peak requests/s is replayed on ONE
 * representative node of that chip — Poisson arrivals at the service's peak × (what the chip serves / what all
 * chips serve) / the nodes given to it, i.e. the load every one of those nodes carries if the dispatcher spreads
 * requests evenly. Nodes of a chip are identical and independent under an even split, so one node stands for all:
 * this is what keeps the check to seconds for fleets of thousands of nodes, and it ignores the imbalance of a real
 * load balancer across nodes.
 *
 * The window: 10 simulated minutes of arrivals, at most 20 000 requests per node (a busier node is cut short at the
 * 20 000th arrival), every request run to completion. The service's verdict is the worst chip's: TTFT and TPOT at
 * the SLO percentile are the highest of any chip serving it; attainment and requests are summed over chips,
 * attainment weighted by each chip's share of the traffic.
 */
import { GoRand } from '../../rng/index.js';
import type { NodeServingModel } from '../inference-capacity.js';
import type { InferenceLine } from '../demand/demand.js';
import { simulateServing } from './serving-simulation.js';
import { sloVerdict, type SloVerdict } from './slo-verdict.js';

/** Simulated seconds of arrivals per node, and the most requests one node simulation takes. */
export const SERVING_WINDOW = { seconds: 600, maxRequests: 20_000 } as const;

/** One chip's share of a service in a quarter, as simulated. */
export interface ChipServiceCheck extends SloVerdict {
  readonly accelerator: string;
  /** Nodes' worth of time the plan gives this chip for the service. */
  readonly nodes: number;
  /** Requests/s replayed on the representative node, and the node's capacity in the plan. */
  readonly requestsPerSecPerNode: number;
  readonly capacityPerNode: number;
}

export interface ServiceCheck {
  readonly quarter: number;
  readonly service: string;
  readonly peakRequestsPerSec: number;
  readonly percentile: number;
  readonly requests: number;
  /** Share of simulated requests meeting both TTFT and TPOT (traffic-weighted over chips), 0..1. */
  readonly attainment: number;
  /** Worst chip's TTFT and TPOT at the percentile. */
  readonly ttftSec: number;
  readonly tpotSec: number;
  /** Smallest p-value of any chip (the strongest evidence of a miss). */
  readonly pValue: number;
  readonly verdict: 'meets' | 'fails';
  readonly chips: readonly ChipServiceCheck[];
}

export interface ServiceShare {
  readonly accelerator: string;
  readonly nodes: number;
  readonly served: number;
  readonly capacityPerNode: number;
  readonly serving: NodeServingModel;
}

/** Replays one node at `requestsPerSec` and judges it against the line's SLO. */
export function simulateNode(
  serving: NodeServingModel,
  line: InferenceLine,
  requestsPerSec: number,
  seed: number,
): SloVerdict {
  const run = simulateServing({
    ...serving,
    requestsPerSec,
    inputTokens: line.inputTokens,
    outputTokens: line.outputTokens,
    windowSec: SERVING_WINDOW.seconds,
    maxRequests: SERVING_WINDOW.maxRequests,
    rng: new GoRand(seed),
  });
  return sloVerdict(run.ttftSec, run.tpotSec, line.slo);
}

export function checkService(
  line: InferenceLine,
  quarter: number,
  shares: readonly ServiceShare[],
  seedOf: (accelerator: string) => number,
): ServiceCheck {
  const peak = line.peakRequestsPerSec[quarter];
  const servedTotal = shares.reduce((s, c) => s + c.served, 0);
  const chips = shares.map((c): ChipServiceCheck => {
    const rate = servedTotal > 0 ? (peak * c.served) / servedTotal / c.nodes : 0;
    return {
      accelerator: c.accelerator,
      nodes: c.nodes,
      requestsPerSecPerNode: rate,
      capacityPerNode: c.capacityPerNode,
      ...simulateNode(c.serving, line, rate, seedOf(c.accelerator)),
    };
  });
  const weight = (c: ChipServiceCheck, k: number) => (servedTotal > 0 ? shares[k].served / servedTotal : 0);
  const meets = chips.every((c) => c.meets);
  return {
    quarter,
    service: line.name,
    peakRequestsPerSec: peak,
    percentile: line.slo.percentile,
    requests: chips.reduce((s, c) => s + c.requests, 0),
    attainment: chips.length === 0 ? 1 : chips.reduce((s, c, k) => s + weight(c, k) * c.attainment, 0),
    ttftSec: Math.max(0, ...chips.map((c) => c.ttftSec)),
    tpotSec: Math.max(0, ...chips.map((c) => c.tpotSec)),
    pValue: Math.min(1, ...chips.map((c) => c.pValue)),
    verdict: meets ? 'meets' : 'fails',
    chips,
  };
}
