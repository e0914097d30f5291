/**
 * @module schedule/what-if
 * Would these pods (say, all workers of a training job) all fit on the live state right now, in this order,
 * where, and what would the allocation and fragmentation be after? Computed on a copy of the state with the live
 * policy and tie-break ranks; the live state is not touched.
 */
import type { ClusterState, PodSpec } from '../model/index.js';
import { Scheduler, unfitReasons } from '../framework/index.js';
import { compileRequest, type Policy, type TypicalPods } from '../policies/index.js';
import { GoRand } from '../rng/index.js';
import { FleetGauges, type FleetFigures } from './fleet-gauges.js';

/** The answer to a what-if question: would these pods fit now, where, and the figures after. */
export interface WhatIfResult {
  readonly allFit: boolean;
  readonly placed: { pod: string; node: string; devices: number[]; milliPerDevice: number }[];
  readonly unplaced: { pod: string; reason: string }[];
  readonly before: FleetFigures;
  readonly after: FleetFigures;
}

export function whatIf(
  state: ClusterState,
  policy: Policy,
  rank: Int32Array,
  typical: TypicalPods | undefined,
  before: FleetFigures,
  pods: readonly PodSpec[],
): WhatIfResult {
  const copy = state.clone();
  const scheduler = new Scheduler(copy, policy, { rank, rng: new GoRand(0), strategy: 'scan' });
  const placed: WhatIfResult['placed'] = [];
  const unplaced: WhatIfResult['unplaced'] = [];
  for (const spec of pods) {
    const req = compileRequest(copy, spec);
    const outcome = scheduler.schedule(req);
    if (!outcome.ok) {
      // The most common reasons over the nodes, counted: `fits none of 2 nodes: 2 × Insufficient accelerators …`.
      const reasons = new Map<string, number>();
      for (let i = 0; i < copy.nodeCount; i++) {
        for (const r of unfitReasons(copy, req, i)) reasons.set(r, (reasons.get(r) ?? 0) + 1);
      }
      const summary = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 3);
      unplaced.push({
        pod: spec.name,
        reason:
          copy.nodeCount === 0
            ? 'no nodes registered'
            : `fits none of ${copy.nodeCount} nodes: ${summary.map(([r, n]) => `${n} × ${r}`).join('; ')}`,
      });
      continue;
    }
    copy.assume(outcome.node, spec, outcome.devices);
    placed.push({
      pod: spec.name,
      node: copy.nodes[outcome.node].name,
      devices: [...outcome.devices],
      milliPerDevice: spec.gpuCount > 0 ? spec.gpuMilli : 0,
    });
  }
  const after = new FleetGauges(copy, typical).figures();
  return { allFit: unplaced.length === 0, placed, unplaced, before, after };
}
