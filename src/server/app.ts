/**
 * @module server/app
 * The live service's HTTP server: the kube-scheduler extender protocol (routes/extender), the REST API of the
 * fleet under /v1 (routes/fleet), simulation runs (routes/simulations), the dashboard at /, /metrics, health
 * probes and the OpenAPI document at /docs. JSON in and out; every error is JSON `{ "error": "…" }` with a 4xx
 * for a bad request and nothing changed.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { ClusterState, NodeSpec } from '../model/index.js';
import { createPolicy, type Policy, type TypicalPods } from '../policies/index.js';
import type { Rng } from '../rng/index.js';
import { installAuth } from './auth.js';
import { dashboardRoutes } from './dashboard.js';
import { type KubeBinder, LiveScheduler, type ResourceModels, type Store } from '../schedule/index.js';
import { ServiceMetrics } from './metrics.js';
import { extenderRoutes, EXTENDER_BODY_LIMIT } from './routes/extender.js';
import { fleetRoutes } from './routes/fleet.js';
import { simulationRoutes } from './routes/simulations.js';

/** Largest request body of the REST API (the extender routes take up to EXTENDER_BODY_LIMIT). */
export const BODY_LIMIT = 1024 * 1024;
export { EXTENDER_BODY_LIMIT };

export interface AppOptions {
  readonly policy: Policy;
  /** Initial node inventory (or `state`, whose nodes are used). */
  readonly nodes?: readonly NodeSpec[];
  readonly state?: ClusterState;
  /** Durable state (default: an in-memory database). */
  readonly store?: Store;
  /** Typical pods of the target workload: FGD and the fragmentation figures need them. */
  readonly typical?: TypicalPods;
  /** Builds a policy for PUT /v1/policy (default: the registry, with `typical`). */
  readonly policyFactory?: (name: string) => Policy;
  /** Tie-break rank per node (smaller wins); default: node order. */
  readonly rank?: Int32Array;
  readonly rng?: Rng;
  readonly reservationTtlMs?: number;
  /** Clock (Unix ms), for tests of reservation expiry. */
  readonly now?: () => number;
  /** Extended resource names → device models (default: the built-in table; `--resource-map` overrides). */
  readonly resourceModels?: ResourceModels;
  /** Creates Bindings in the API server (with a kubeconfig). */
  readonly binder?: Pick<KubeBinder, 'bind'>;
  /** Bearer token for changes under /v1. */
  readonly token?: string;
  /** TLS for the whole server; with `ca`, client certificates are requested and /extender/* requires one. */
  readonly tls?: {
    readonly key: string | Buffer;
    readonly cert: string | Buffer;
    readonly ca?: string | Buffer;
  };
  /** Fastify's request log (off by default: tests and the CLI print their own lines). */
  readonly logger?: boolean;
}

export function buildApp(options: AppOptions): FastifyInstance {
  const typical = options.typical;
  const live = new LiveScheduler({
    policy: options.policy,
    store: options.store,
    nodes: options.nodes ?? options.state?.nodes,
    typical,
    rank: options.rank,
    rng: options.rng,
    reservationTtlMs: options.reservationTtlMs,
    now: options.now,
  });
  const tls = options.tls;
  const app = (tls
    ? Fastify({
        bodyLimit: BODY_LIMIT,
        logger: options.logger ?? false,
        https: {
          key: tls.key,
          cert: tls.cert,
          ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: false } : {}),
        },
      })
    : Fastify({ bodyLimit: BODY_LIMIT, logger: options.logger ?? false })) as unknown as FastifyInstance;
  const metrics = new ServiceMetrics(() => live);
  app.decorate('live', live);
  app.decorate('metrics', metrics);
  // zod validates every body (rest-schemas); the route schemas only document the API.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  metrics.observe(app);
  installAuth(app, { token: options.token, requireClientCert: tls?.ca !== undefined });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    const message =
      error.code?.startsWith('FST_ERR_CTP_INVALID_JSON') || error instanceof SyntaxError
        ? `malformed JSON body: ${error.message}`
        : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `request body larger than the limit of this route (${error.message})`
          : error.message;
    void reply.code(status).send({ error: status >= 500 ? `internal error: ${message}` : message });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: `no route ${request.method} ${request.url}` });
  });
  app.addHook('onClose', async () => live.close());

  void app.register(swagger, {
    openapi: {
      info: {
        title: 'hyperfleet',
        version: '1',
        description:
          'Live placement of accelerator pods: the kube-scheduler extender protocol, the fleet REST API, simulations.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  void app.register(async (scope) => {
    metrics.route(scope);
    scope.get('/healthz', { schema: { tags: ['operations'] } }, async () => ({ ok: true }));
    scope.get('/readyz', { schema: { tags: ['operations'] } }, async () => ({
      ready: true,
      nodes: live.state.nodeCount,
      policy: live.policy.name,
    }));
    scope.get('/docs', { schema: { hide: true } }, async () => app.swagger());
  });
  void app.register(extenderRoutes, { resourceModels: options.resourceModels, binder: options.binder });
  void app.register(fleetRoutes, {
    policyFactory: options.policyFactory ?? ((name: string) => createPolicy(name, { typical })),
    resourceModels: options.resourceModels,
  });
  void app.register(simulationRoutes);
  void app.register(dashboardRoutes);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The live scheduler behind the routes (for the CLI and tests). */
    live: LiveScheduler;
    /** Counters and histograms behind /metrics. */
    metrics: ServiceMetrics;
  }
}
