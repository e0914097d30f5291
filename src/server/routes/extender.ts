/**
 * @module server/routes/extender
 * The kube-scheduler extender protocol (v1) at POST /extender/filter, /extender/prioritize, /extender/bind and
 * /extender/preempt: the verbs themselves are in server/extender/ (one file each, with why the decision is taken in
 * filter); this module wires them, with the body parser and limit the protocol needs and their documentation.
 *
 * Errors, as kube-scheduler's extender client reads them: a pod whose request hyperfleet cannot read fails a
 * filter through the protocol's `Error` (the cycle fails, the pod is retried), and a refused bind likewise; a body
 * that is not the protocol's, or an unreadable pod in prioritize or preempt, is a 400 with the issues.
 */
import type { FastifyInstance } from 'fastify';
import {
  DEFAULT_RESOURCE_MODELS,
  type DeviceProtocol,
  type KubeBinder,
  NodeLearner,
  type ResourceModels,
} from '../../schedule/index.js';
import { errorResponses, errorStatuses, schemaOf } from '../api/index.js';
import { bind } from '../extender/bind.js';
import { filter } from '../extender/filter.js';
import { parseExtenderBody } from '../extender/node-name-list.js';
import { ExtenderPreemptionArgs, ExtenderPreemptionResult } from '../extender/preemption-wire.js';
import { preempt } from '../extender/preempt.js';
import { prioritize } from '../extender/prioritize.js';
import type { ExtenderContext } from '../extender/verbs.js';
import {
  ExtenderArgs,
  ExtenderBindingArgs,
  ExtenderBindingResult,
  ExtenderFilterResult,
  HostPriorityList,
} from '../extender/wire.js';

/** Largest extender request (without nodeCacheCapable, filter carries whole Node objects of every candidate). */
export const EXTENDER_BODY_LIMIT = 16 * 1024 * 1024;

export interface ExtenderRouteOptions {
  /** Extended resource names → device models (default: the built-in table). */
  readonly resourceModels?: ResourceModels;
  /** Reads nodes and pods instead of the resource map alone (`--device-protocol`). */
  readonly protocol?: DeviceProtocol;
  /** Creates the Binding in the API server (with a kubeconfig); without it, bind only records the placement. */
  readonly binder?: Pick<KubeBinder, 'bind'>;
  /**
   * Where the warnings go: of node learning (nodes kube-scheduler sent that cannot be read), and of a pod counted
   * where the API server shows it bound (a device annotation ignored).
   */
  readonly warn: (message: string) => void;
}

/**
 * Plain JSON.parse for the extender's scope: the bodies are read field by field and never merged into objects, so
 * the prototype-poisoning scan of the default parser (a full second pass over a 200 KiB body) buys nothing here;
 * `NodeNames` stays as the bytes sent (server/extender/node-name-list).
 */
function useExtenderBodyParser(app: FastifyInstance): void {
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
}

export async function extenderRoutes(app: FastifyInstance, options: ExtenderRouteOptions): Promise<void> {
  useExtenderBodyParser(app);
  const resourceModels = options.resourceModels ?? DEFAULT_RESOURCE_MODELS;
  const ctx: ExtenderContext = {
    live: app.live,
    metrics: app.metrics,
    resourceModels,
    protocol: options.protocol,
    binder: options.binder,
    learner: new NodeLearner(app.live, resourceModels, options.warn, options.protocol),
    warn: options.warn,
  };
  // The protocol's own answers (200, with `Error` for a refusal), and the common error body of a bad request.
  const errors = errorResponses(errorStatuses({ method: 'POST', url: '/extender/', body: ExtenderArgs }));
  const route = (summary: string, body: object, response: object) => ({
    bodyLimit: EXTENDER_BODY_LIMIT,
    schema: { tags: ['extender'], summary, body, response: { 200: response, ...errors } },
  });
  const args = schemaOf(ExtenderArgs);

  app.post(
    '/extender/filter',
    route(
      'Filter: the one node the policy chooses (reserved for the pod until bind)',
      args,
      schemaOf(ExtenderFilterResult),
    ),
    async (request): Promise<ExtenderFilterResult> => filter(ctx, request.body),
  );
  app.post(
    '/extender/prioritize',
    route(
      'Prioritize: 10 for the node filter chose (hosts left out of the reply count as 0)',
      args,
      schemaOf(HostPriorityList),
    ),
    async (request): Promise<HostPriorityList> => prioritize(ctx, request.body),
  );
  app.post(
    '/extender/bind',
    route(
      'Bind: place the pod on the node (stored before the reply)',
      schemaOf(ExtenderBindingArgs),
      schemaOf(ExtenderBindingResult),
    ),
    async (request): Promise<ExtenderBindingResult> => bind(ctx, request.body),
  );
  app.post(
    '/extender/preempt',
    route(
      'Preempt: keep the proposed nodes where evicting the victims frees the devices the pod needs',
      schemaOf(ExtenderPreemptionArgs),
      schemaOf(ExtenderPreemptionResult),
    ),
    async (request): Promise<ExtenderPreemptionResult> => preempt(ctx, request.body),
  );
}
