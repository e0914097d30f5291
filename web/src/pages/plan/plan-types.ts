/**
 * What the Plan page reads of a plan. The wire types come from the server's schemas (`PlanRun`, `PlanResult`);
 * the fields below are the ones `hyperfleet plan --json` prints (or is about to) that the REST schema may not
 * declare yet — the simulation check, scenarios and the Pareto frontier — so every one of them is optional here
 * and the page shows a section only when its field is present.
 */
import type { PlanResult, PlanRun } from '../../types.js';

/** One chip's or one service's figures from the serving simulation. */
export interface ServiceCheck {
  quarter: number;
  service: string;
  peakRequestsPerSec?: number;
  percentile: number;
  requests?: number;
  /** Share of simulated requests meeting both TTFT and TPOT, 0..1. */
  attainment: number;
  /** TTFT and TPOT at the percentile (the worst chip's). */
  ttftSec: number;
  tpotSec: number;
  pValue?: number;
  verdict: 'meets' | 'fails';
  chips?: { accelerator: string; nodes?: number }[];
}

/** A training line's coverage in one quarter; the time simulator may add figures (makespan, waits). */
export interface TrainingCheck {
  quarter: number;
  line: string;
  coverage: number;
  verdict: 'meets' | 'fails';
  [extra: string]: unknown;
}

export interface CheckIteration {
  iteration?: number;
  status?: string;
  objectiveUsd: number | null;
  nodesAdded?: Record<string, number>;
  changes?: { service: string; accelerator: string; fromRequestsPerSec: number; toRequestsPerSec: number }[];
}

export interface PlanCheck {
  verdict: 'meets' | 'fails';
  seed?: number;
  services: ServiceCheck[];
  training: TrainingCheck[];
  iterations?: CheckIteration[];
  method?: string[];
}

export interface ParetoPoint {
  powerCapMW: number;
  status: 'optimal' | 'infeasible';
  objectiveUsd: number | null;
  capitalUsd: number | null;
  energyUsd: number | null;
  peakFacilityMW: number | null;
  /** Nodes owned in the last quarter, per accelerator. */
  nodesOwned: Record<string, number>;
}

export interface PlanPareto {
  method: string;
  minFeasibleMW: number | null;
  uncappedMW: number | null;
  siteCapMW: number | null;
  points: ParetoPoint[];
}

/** A plan as the page renders it: the schema's fields, and the optional ones above. */
export type Plan = Omit<PlanResult, 'check' | 'scenarios' | 'pareto'> & {
  check?: PlanCheck;
  scenarios?: Scenario[];
  pareto?: PlanPareto;
};

/** A scenario's whole plan, and what it changed from the demand as written, in words. */
export type Scenario = Plan & { name: string; changes: string[] };

/** A plan run as the page reads it. */
export type PlanRunView = Omit<PlanRun, 'result'> & { result?: Plan };
