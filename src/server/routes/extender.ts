/**
 * @module server/routes/extender
 * The kube-scheduler extender protocol (v1): POST /extender/filter, /extender/prioritize, /extender/bind.
 *
 * Why the decision is taken in filter: kube-scheduler scales an extender's prioritize scores (0..10) by
 * `weight × 10` and adds them to its own plugin scores (up to ~1,200 points with the default weights), so a
 * policy's ranking sent through prioritize alone is easily outvoted. Filter instead returns only the single node
 * our policy chose, so the scheduler has nothing else to pick; prioritize then gives that node 10 and the others
 * 0 for the rare case it is called (it is skipped when one node is feasible), and bind places the pod on the
 * devices filter reserved. When no candidate fits, every candidate is in `FailedNodes` (full now: preemption may
 * make room) or `FailedAndUnresolvableNodes` (a model the pod does not accept, smaller than the pod in total, or
 * unknown to hyperfleet: preemption will not help, and kube-scheduler does not try) with its reason; when one is
 * chosen, the others are simply not returned (kube-scheduler reads failure reasons only for a pod it cannot
 * place, and a 10,000-entry map per decision would cost more than the decision).
 *
 * Errors, as kube-scheduler's extender client reads them: a pod whose request hyperfleet cannot read fails a
 * filter through the protocol's `Error` (the cycle fails, the pod is retried), and a refused bind likewise; a body
 * that is not the protocol's, or an unreadable pod in prioritize or preempt, is a 400 with the issues.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isInputError } from '../../errors/index.js';
import {
  argNodeNames,
  ExtenderArgs,
  ExtenderBindingArgs,
  ExtenderBindingResult,
  ExtenderFilterResult,
  HostPriorityList,
} from '../extender/wire.js';
import {
  type Candidates,
  DEFAULT_RESOURCE_MODELS,
  KubeApiError,
  type KubeBinder,
  type Pod,
  podSpecOf,
  type ResourceModels,
} from '../../schedule/index.js';
import {
  ExtenderPreemptionArgs,
  ExtenderPreemptionResult,
  victimsByNode,
} from '../extender/preemption-wire.js';
import { NodeNameList, parseExtenderBody } from '../extender/node-name-list.js';
import { errorResponses, errorStatuses, parseBody, schemaOf } from '../api/index.js';

/** Largest extender request (without nodeCacheCapable, filter carries whole Node objects of every candidate). */
export const EXTENDER_BODY_LIMIT = 16 * 1024 * 1024;

export interface ExtenderRouteOptions {
  /** Extended resource names → device models (default: the built-in table). */
  readonly resourceModels?: ResourceModels;
  /** Creates the Binding in the API server (with a kubeconfig); without it, bind only records the placement. */
  readonly binder?: Pick<KubeBinder, 'bind'>;
}

/**
 * ExtenderArgs as read at run time: the same schema, but `NodeNames` checked by one loop rather than an element
 * schema per name (kube-scheduler sends up to every node's name with each call).
 */
const ExtenderArgsFast = ExtenderArgs.extend({
  NodeNames: z
    .custom<Candidates>(
      (v) => v instanceof NodeNameList || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
      { message: 'expected an array of node names (strings)' },
    )
    .nullish(),
});

/** ExtenderArgs of a filter or prioritize call, and its candidate names (`NodeNames`, else the `Nodes`' names). */
function readArgs(body: unknown): { args: z.infer<typeof ExtenderArgsFast>; names: Candidates } {
  const args = parseBody(ExtenderArgsFast, body);
  return { args, names: args.NodeNames ?? argNodeNames({ ...args, NodeNames: null }) };
}

/** The request of the body's `Pod`; an unreadable one is an InputError whose fields start at `Pod`. */
function readPod(pod: Pod, models: ResourceModels) {
  try {
    return podSpecOf(pod, models);
  } catch (e) {
    throw isInputError(e) ? e.nestedUnder('Pod') : e;
  }
}

export async function extenderRoutes(app: FastifyInstance, options: ExtenderRouteOptions): Promise<void> {
  const { live, metrics } = app;
  // Plain JSON.parse for this scope: the bodies are read field by field and never merged into objects, so the
  // prototype-poisoning scan of the default parser (a full second pass over a 200 KiB body) buys nothing here.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: EXTENDER_BODY_LIMIT },
    (_request, body, done) => {
      try {
        done(null, parseExtenderBody(body as Buffer));
      } catch (e) {
        done(e as Error, undefined);
      }
    },
  );
  const resourceModels = options.resourceModels ?? DEFAULT_RESOURCE_MODELS;
  const { binder } = options;
  // The protocol's own answers (200, with `Error` for a refusal), and the common error body of a bad request.
  const errors = errorResponses(errorStatuses({ method: 'POST', url: '/extender/', body: ExtenderArgs }));
  const route = (summary: string, body: object, response: object) => ({
    bodyLimit: EXTENDER_BODY_LIMIT,
    schema: { tags: ['extender'], summary, body, response: { 200: response, ...errors } },
  });

  app.post(
    '/extender/filter',
    route(
      'Filter: the one node the policy chooses (reserved for the pod until bind)',
      schemaOf(ExtenderArgs),
      schemaOf(ExtenderFilterResult),
    ),
    async (request): Promise<ExtenderFilterResult> => {
      const { args, names } = readArgs(request.body);
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
        spec = readPod(args.Pod, resourceModels);
      } catch (e) {
        if (!isInputError(e)) throw e;
        // A request hyperfleet cannot read fails the cycle with the protocol's Error, naming the field.
        metrics.decision('filter', 'error');
        return reply([], {}, {}, e.oneLine);
      }
      const decision = live.decide(args.Pod.metadata.uid, spec, names);
      metrics.decision('filter', decision.node >= 0 ? 'placed' : 'unschedulable');
      const passing = decision.node >= 0 ? [live.state.nodes[decision.node].name] : [];
      return reply(passing, decision.failed, decision.unresolvable);
    },
  );

  app.post(
    '/extender/prioritize',
    route(
      'Prioritize: 10 for the node filter chose (hosts left out of the reply count as 0)',
      schemaOf(ExtenderArgs),
      schemaOf(HostPriorityList),
    ),
    async (request): Promise<HostPriorityList> => {
      const { args, names } = readArgs(request.body);
      const uid = args.Pod.metadata.uid;
      let decision = live.decisionOf(uid);
      if (!decision) decision = live.decide(uid, readPod(args.Pod, resourceModels), names);
      metrics.decision('prioritize', decision.node >= 0 ? 'placed' : 'unschedulable');
      // Only the chosen node is scored (10): kube-scheduler adds nothing for hosts a reply leaves out, which is
      // the same as 0 for them, and a 10,000-entry list would cost more than the decision.
      const chosen = decision.node >= 0 ? live.state.nodes[decision.node].name : undefined;
      return chosen !== undefined && names.includes(chosen) ? [{ Host: chosen, Score: 10 }] : [];
    },
  );

  app.post(
    '/extender/bind',
    route(
      'Bind: place the pod on the node (stored before the reply)',
      schemaOf(ExtenderBindingArgs),
      schemaOf(ExtenderBindingResult),
    ),
    async (request): Promise<ExtenderBindingResult> => {
      const args = parseBody(ExtenderBindingArgs, request.body);
      const pod = { uid: args.PodUID, namespace: args.PodNamespace, name: args.PodName };
      const bound = live.bind({ ...pod, nodeName: args.Node });
      let error = bound.ok ? '' : bound.reason;
      if (bound.ok && binder) {
        const { devices, milliPerDevice } = bound.placement;
        try {
          await binder.bind({ ...pod, node: args.Node, devices, milliPerDevice });
        } catch (e) {
          // The pod is not bound, so hyperfleet must not count it either.
          live.release(pod.namespace, pod.name);
          // The API server's refusal (or absence) is the protocol's Error; anything else is a failure of ours.
          if (!(e instanceof KubeApiError)) throw e;
          error = e.message;
        }
      }
      metrics.decision('bind', error === '' ? 'bound' : 'error');
      return { Error: error };
    },
  );

  app.post(
    '/extender/preempt',
    route(
      'Preempt: keep the proposed nodes where evicting the victims frees the devices the pod needs',
      schemaOf(ExtenderPreemptionArgs),
      schemaOf(ExtenderPreemptionResult),
    ),
    async (request): Promise<ExtenderPreemptionResult> => {
      const args = parseBody(ExtenderPreemptionArgs, request.body);
      const spec = readPod(args.Pod, resourceModels);
      const proposals = victimsByNode(args);
      const result: ExtenderPreemptionResult = { NodeNameToMetaVictims: {} };
      for (const node of live.preemptionNodes(spec, proposals)) {
        const { uids, pdb } = proposals.get(node)!;
        result.NodeNameToMetaVictims[node] = { Pods: uids.map((UID) => ({ UID })), NumPDBViolations: pdb };
      }
      return result;
    },
  );
}
