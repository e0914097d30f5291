/**
 * @module server/app
 * The HTTP face of the live service: the kube-scheduler extender protocol (v1) at /extender/{filter,prioritize,
 * bind}, health probes, and a read-only REST view under /v1. JSON in and out; errors are JSON `{ "error": … }`.
 *
 * Why the decision is taken in filter: kube-scheduler scales an extender's prioritize scores (0..10) by
 * `weight × 10` and adds them to its own plugin scores (up to ~1,200 points with the default weights), so a
 * policy's ranking sent through prioritize alone is easily outvoted. Filter instead returns only the single node
 * our policy chose (every other candidate goes to FailedNodes with the reason), so the scheduler has nothing else
 * to pick; prioritize then gives that node 10 and the others 0 for the rare case it is called, and bind assumes
 * the pod with the devices the policy picked. This is also what the most widely used GPU-sharing extender does.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ClusterState } from '../model/cluster-state.js';
import type { Policy } from '../policies/policy.js';
import type { Rng } from '../rng/rng.js';
import {
  argNodeNames,
  ExtenderArgs,
  ExtenderBindingArgs,
  podSpecOf,
  type ExtenderBindingResult,
  type ExtenderFilterResult,
  type HostPriorityList,
} from './extender-wire.js';
import { LiveScheduler } from './live-scheduler.js';
import { dashboardRoutes } from './dashboard.js';
import { simulationRoutes } from './routes/simulations.js';

/** Largest request body accepted (a filter without nodeCacheCapable carries whole Node objects). */
export const BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  readonly state: ClusterState;
  readonly policy: Policy;
  /** Tie-break rank per node (smaller wins); default: node order. */
  readonly rank?: Int32Array;
  readonly rng?: Rng;
  /** Fastify's request log (off by default: tests and the CLI print their own lines). */
  readonly logger?: boolean;
}

/** A 400 whose message lists every schema issue (`Pod.metadata.uid: expected string`). */
class BadRequest extends Error {
  readonly statusCode = 400;
}

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  throw new BadRequest(`invalid ${what}: ${issues.join('; ')}`);
}

export function buildApp(options: AppOptions): FastifyInstance {
  const live = new LiveScheduler(options);
  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: options.logger ?? false });
  app.decorate('live', live);

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    const message =
      error.code?.startsWith('FST_ERR_CTP_INVALID_JSON') || error instanceof SyntaxError
        ? `malformed JSON body: ${error.message}`
        : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `request body larger than ${BODY_LIMIT} bytes`
          : error.message;
    void reply.code(status).send({ error: status >= 500 ? `internal error: ${message}` : message });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: `no route ${request.method} ${request.url}` });
  });

  app.post('/extender/filter', async (request): Promise<ExtenderFilterResult> => {
    const args = parse(ExtenderArgs, request.body, 'ExtenderArgs');
    const names = argNodeNames(args);
    const byName = args.NodeNames ? null : (args.Nodes?.items ?? []);
    const reply = (passing: string[], failed: Record<string, string>, error = ''): ExtenderFilterResult => ({
      Nodes: byName === null ? null : { items: byName.filter((n) => passing.includes(n.metadata.name)) },
      NodeNames: byName === null ? passing : null,
      FailedNodes: failed,
      FailedAndUnresolvableNodes: {},
      Error: error,
    });
    let spec;
    try {
      spec = podSpecOf(args.Pod);
    } catch (e) {
      // A request hyperfleet cannot read fails the cycle with the protocol's Error, naming the field.
      return reply([], {}, (e as Error).message);
    }
    const decision = live.decide(args.Pod.metadata.uid, spec, names);
    const passing = decision.node >= 0 ? [live.state.nodes[decision.node].name] : [];
    return reply(passing, decision.failed);
  });

  app.post('/extender/prioritize', async (request): Promise<HostPriorityList> => {
    const args = parse(ExtenderArgs, request.body, 'ExtenderArgs');
    const names = argNodeNames(args);
    const uid = args.Pod.metadata.uid;
    let decision = live.decisionOf(uid);
    if (!decision) {
      let spec;
      try {
        spec = podSpecOf(args.Pod);
      } catch (e) {
        throw new BadRequest((e as Error).message);
      }
      decision = live.decide(uid, spec, names);
    }
    const chosen = decision.node >= 0 ? live.state.nodes[decision.node].name : undefined;
    return names.map((Host) => ({ Host, Score: Host === chosen ? 10 : 0 }));
  });

  app.post('/extender/bind', async (request): Promise<ExtenderBindingResult> => {
    const args = parse(ExtenderBindingArgs, request.body, 'ExtenderBindingArgs');
    const error = live.bind({
      uid: args.PodUID,
      namespace: args.PodNamespace,
      name: args.PodName,
      nodeName: args.Node,
    });
    return { Error: error };
  });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async () => ({ ready: true, nodes: live.state.nodeCount, policy: live.policy.name }));
  app.get('/v1/nodes', async () => ({ nodes: live.listNodes() }));
  app.get('/v1/placements', async () => ({
    placements: live.listPlacements(),
    gpuAllocationPercent: live.gpuAllocationPercent(),
  }));
  void app.register(simulationRoutes);
  void app.register(dashboardRoutes);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The live scheduler behind the routes (for the CLI and tests). */
    live: LiveScheduler;
  }
}
