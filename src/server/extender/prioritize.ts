/**
 * @module server/extender/prioritize
 * POST /extender/prioritize: 10 for the node filter chose, for the rare case kube-scheduler calls it (it is skipped
 * when one node is feasible). Only that node is scored: kube-scheduler adds nothing for hosts a reply leaves out,
 * which is the same as 0 for them, and a 10,000-entry list would cost more than the decision. A pod never filtered
 * is decided here; an unreadable one is a 400 with the issues.
 */
import { podTraitsOf } from '../../schedule/index.js';
import { readArgs, readPod, type ExtenderContext } from './verbs.js';
import type { HostPriorityList } from './wire.js';

export function prioritize(ctx: ExtenderContext, body: unknown): HostPriorityList {
  const { live, metrics } = ctx;
  const { args, names } = readArgs(body, ctx.learner);
  const uid = args.Pod.metadata.uid;
  const decision =
    live.decisionOf(uid) ?? live.decide(uid, readPod(args.Pod, ctx), names, podTraitsOf(args.Pod));
  metrics.decision('prioritize', decision.node >= 0 ? 'placed' : 'unschedulable');
  const chosen = decision.node >= 0 ? live.state.nodes[decision.node].name : undefined;
  return chosen !== undefined && names.includes(chosen) ? [{ Host: chosen, Score: 10 }] : [];
}
