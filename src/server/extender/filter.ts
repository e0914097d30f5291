/**
 * @module server/extender/filter
 * POST /extender/filter: the decision. It returns only the single node the policy chose (reserved for the pod until
 * bind), so that kube-scheduler, which would outvote a ranking sent through prioritize with its own plugin scores,
 * has nothing else to pick. When no candidate fits, every candidate is in `FailedNodes` (full now: preemption may
 * make room) or `FailedAndUnresolvableNodes` (a model the pod does not accept, smaller than the pod in total, or
 * unknown to hyperfleet: preemption will not help, and kube-scheduler does not try) with its reason; when one is
 * chosen, the others are simply not returned (kube-scheduler reads failure reasons only for a pod it cannot place,
 * and a 10,000-entry map per decision would cost more than the decision). A pod whose request hyperfleet cannot
 * read fails the cycle through the protocol's `Error`, naming the field.
 */
import { isInputError } from '../../errors/index.js';
import { podTraitsOf } from '../../schedule/index.js';
import { readArgs, readPod, type ExtenderContext } from './verbs.js';
import type { ExtenderFilterResult } from './wire.js';

export function filter(ctx: ExtenderContext, body: unknown): ExtenderFilterResult {
  const { live, metrics } = ctx;
  const { args, names } = readArgs(body, ctx.learner);
  const byName = args.NodeNames ? null : (args.Nodes?.items ?? []);
  const reply = (
    passing: string[],
    failed: Record<string, string> = {},
    unresolvable: Record<string, string> = {},
    error = '',
  ): ExtenderFilterResult => ({
    Nodes: byName === null ? null : { items: byName.filter((n) => passing.includes(n.metadata.name)) },
    NodeNames: byName === null ? passing : null,
    FailedNodes: failed,
    FailedAndUnresolvableNodes: unresolvable,
    Error: error,
  });
  let spec;
  try {
    spec = readPod(args.Pod, ctx);
  } catch (e) {
    if (!isInputError(e)) throw e;
    metrics.decision('filter', 'error');
    return reply([], {}, {}, e.oneLine);
  }
  const { uid, namespace, name } = args.Pod.metadata;
  const decision = live.decide(uid, spec, names, podTraitsOf(args.Pod), {
    namespace: namespace ?? 'default',
    name,
  });
  metrics.decision('filter', decision.node >= 0 ? 'placed' : 'unschedulable');
  const passing = decision.node >= 0 ? [live.state.nodes[decision.node].name] : [];
  return reply(passing, decision.failed, decision.unresolvable);
}
