/**
 * @module server/extender/verbs
 * What the extender's routes share: the live scheduler and the metrics they report to, the resource map pods are
 * read with, the binder, where warnings go, and the reading of a call's arguments and pod. Each verb is one file beside this one;
 * server/routes/extender wires them to their URLs.
 */
import { z } from 'zod';
import { isInputError } from '../../errors/index.js';
import {
  type Candidates,
  type DeviceProtocol,
  type KubeBinder,
  type LiveScheduler,
  type NodeLearner,
  type Pod,
  podSpecOf,
  type ResourceModels,
} from '../../schedule/index.js';
import { parseBody } from '../api/index.js';
import type { ServiceMetrics } from '../metrics.js';
import { NodeNameList } from './node-name-list.js';
import { argNodeNames, ExtenderArgs } from './wire.js';

/** What every verb's handler reads. */
export interface ExtenderContext {
  readonly live: LiveScheduler;
  readonly metrics: ServiceMetrics;
  /** Extended resource names → device models. */
  readonly resourceModels: ResourceModels;
  /** Reads pods instead of the resource map alone (`--device-protocol`). */
  readonly protocol?: Pick<DeviceProtocol, 'readPod'>;
  /** Creates the Binding in the API server (with a kubeconfig); without it, bind only records the placement. */
  readonly binder?: Pick<KubeBinder, 'bind'>;
  /** Registers the nodes of calls that carry Node objects (nodeCacheCapable false) and are not known yet. */
  readonly learner?: Pick<NodeLearner, 'learn'>;
  /** Where the service's warnings go (the server's log), e.g. a device annotation a counted pod's bind ignored. */
  readonly warn: (message: string) => void;
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
export type ExtenderCall = z.infer<typeof ExtenderArgsFast>;

/**
 * ExtenderArgs of a filter or prioritize call, and its candidate names (`NodeNames`, else the `Nodes`' names);
 * Node objects hyperfleet does not know yet are registered through `learner` first.
 */
export function readArgs(
  body: unknown,
  learner?: Pick<NodeLearner, 'learn'>,
): { args: ExtenderCall; names: Candidates } {
  const args = parseBody(ExtenderArgsFast, body);
  if (learner && !args.NodeNames && args.Nodes?.items) learner.learn(args.Nodes.items);
  return { args, names: args.NodeNames ?? argNodeNames({ ...args, NodeNames: null }) };
}

/** The request of the body's `Pod`; an unreadable one is an InputError whose fields start at `Pod`. */
export function readPod(pod: Pod, ctx: Pick<ExtenderContext, 'resourceModels' | 'protocol'>) {
  try {
    return ctx.protocol ? ctx.protocol.readPod(pod) : podSpecOf(pod, ctx.resourceModels);
  } catch (e) {
    throw isInputError(e) ? e.nestedUnder('Pod') : e;
  }
}
