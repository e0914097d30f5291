/**
 * @module server/app
 * The live service's HTTP server: the kube-scheduler extender protocol (routes/extender), the REST API of the
 * fleet under /v1 (routes/fleet), simulation runs (routes/simulations), the dashboard at /, /metrics, health
 * probes and the OpenAPI document at /docs. JSON in and out; every error has one body, `{ code, message, issues,
 * error, requestId }`, from the one error handler (server/error-handler): a 4xx for a bad request, with nothing
 * changed, and a bare 500 for a failure of the server, whose details go to the log only.
 *
 * The log is Fastify's (pino, JSON lines): by default errors only, to stderr, without the per-request lines, so
 * that a 500 is always logged even when nobody asked for a request log.
 */
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import swagger from '@fastify/swagger';
import type { ClusterState, NodeSpec } from '../model/index.js';
import { createPolicy, type Policy, type TypicalPods } from '../policies/index.js';
import type { Rng } from '../rng/index.js';
import type { TaskPool } from '../sim/index.js';
import { installAuth } from './auth.js';
import { installBodyDepthLimit } from './body-depth.js';
import { dashboardRoutes } from './dashboard.js';
import { answerError, installErrorHandling } from './error-handler.js';
import {
  type ConfirmMode,
  DefragExecutor,
  type Evictor,
  type DeviceProtocol,
  type KubeBinder,
  LiveDefrag,
  LiveScheduler,
  type Leadership,
  type ResourceModels,
  SoleLeadership,
  type Store,
} from '../schedule/index.js';
import { installDurableAnswers } from './durable-answers.js';
import { installLeaderGate } from './leader-gate.js';
import { ServiceMetrics } from './metrics.js';
import { extenderRoutes, EXTENDER_BODY_LIMIT } from './routes/extender.js';
import { defragRoutesPlugin } from './routes/defrag.js';
import { fleetRoutes } from './routes/fleet.js';
import { snapshotRoutesPlugin } from './routes/snapshot.js';
import { simulationRoutes } from './routes/simulations.js';
import { Answer, serveRoute } from './routes/serve-route.js';
import { healthRoutes, shareErrorBody } from './api/index.js';

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
  /** Reads nodes and pods instead of the resource map alone (`--device-protocol hami`). */
  readonly protocol?: DeviceProtocol;
  /** Creates Bindings in the API server (with a kubeconfig). */
  readonly binder?: Pick<KubeBinder, 'bind'>;
  /** Evicts pods in the API server for defrag executions (with a kubeconfig; without, execution is refused). */
  readonly evictor?: Evictor;
  /** How long one defrag step may take (eviction and replacement bound); default 120 s. */
  readonly defragStepTimeoutMs?: number;
  /** What confirms a filter decision (schedule/confirmation; default `bind`). */
  readonly confirm?: ConfirmMode;
  /**
   * Where the service's warnings go (a reservation expired unconfirmed, a node kube-scheduler sent that cannot be
   * read); default: the server's log at level warn.
   */
  readonly warn?: (message: string) => void;
  /**
   * Where simulations and plans run (`serve --queue`: queue workers); default: worker threads of this process.
   * The app closes it when it closes.
   */
  readonly taskPool?: TaskPool;
  /** Bearer token for changes under /v1. */
  readonly token?: string;
  /** TLS for the whole server; with `ca`, client certificates are requested and /extender/* requires one. */
  readonly tls?: {
    readonly key: string | Buffer;
    readonly cert: string | Buffer;
    readonly ca?: string | Buffer;
  };
  /**
   * The server's log: absent or `false`, errors only (to stderr, no request log); `true`, Fastify's request log
   * too (level info); or the level and where the lines go (tests pass a stream to read them).
   */
  readonly logger?: boolean | AppLogOptions;
  /** Which replica decides (default: this one, always); followers answer reads only (server/leader-gate). */
  readonly leadership?: Leadership;
  /** Called when a change could not be made durable (the replica should stop deciding). */
  readonly onStoreFailure?: (e: Error) => void;
}

export interface AppLogOptions {
  /** Lowest level written (default `error`); at `info` and below Fastify logs every request too. */
  readonly level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Where the JSON lines go (default: stderr). */
  readonly stream?: { write(line: string): unknown };
}

/** Fastify's logger options for {@link AppOptions.logger}: errors are logged whatever is asked. */
function logOptions(logger: AppOptions['logger']) {
  const asked = typeof logger === 'object' ? logger : logger === true ? { level: 'info' as const } : {};
  const level = asked.level ?? 'error';
  return {
    logger: { level, stream: asked.stream ?? process.stderr },
    // Errors of Fastify's router (bad URL encoding, …) get the same answer as every other error.
    frameworkErrors: answerError,
    // The per-request lines ("incoming request", "request completed") only when info or finer is asked.
    logController: new LogController({ disableRequestLogging: !['info', 'debug', 'trace'].includes(level) }),
  };
}

export function buildApp(options: AppOptions): FastifyInstance {
  const typical = options.typical;
  // The app's log is there by the time anything warns (after start).
  const warn = (message: string): void => (options.warn ? options.warn(message) : app.log.warn(message));
  const live = new LiveScheduler({
    policy: options.policy,
    store: options.store,
    nodes: options.nodes ?? options.state?.nodes,
    typical,
    rank: options.rank,
    rng: options.rng,
    reservationTtlMs: options.reservationTtlMs,
    now: options.now,
    confirm: options.confirm,
    onReservationExpired: (uid, r, why) =>
      warn(
        `the filter decision for pod ${r.spec.name} (uid ${uid}) on node ${r.node} ended unconfirmed ` +
          `(${why === 'ttl' ? 'no confirmation within the reservation TTL' : 'too many reservations'}); its devices are free again`,
      ),
  });
  const tls = options.tls;
  const log = logOptions(options.logger);
  const app = (tls
    ? Fastify({
        bodyLimit: BODY_LIMIT,
        ...log,
        https: {
          key: tls.key,
          cert: tls.cert,
          ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: false } : {}),
        },
      })
    : Fastify({ bodyLimit: BODY_LIMIT, ...log })) as unknown as FastifyInstance;
  const metrics = new ServiceMetrics(() => live);
  app.decorate('live', live);
  app.decorate('defrag', new LiveDefrag(live, options.now));
  const executor = new DefragExecutor(live, {
    evictor: options.evictor,
    stepTimeoutMs: options.defragStepTimeoutMs,
    counters: metrics.defragCounters(),
    now: options.now,
  });
  app.decorate('defragExecutor', executor);
  app.decorate('metrics', metrics);
  // zod validates every request (server/api); the route schemas only document the API.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  metrics.observe(app);
  installErrorHandling(app);
  installBodyDepthLimit(app);
  installAuth(app, { token: options.token, requireClientCert: tls?.ca !== undefined });
  const leadership = options.leadership ?? new SoleLeadership('hyperfleet');
  metrics.leadership(() => leadership.isLeader());
  if (options.leadership) installLeaderGate(app, leadership);
  // SQLite's writes are durable on return: the hook (an await per change) is only for stores that commit later.
  if (options.store?.flush)
    installDurableAnswers(app, () => live, options.onStoreFailure ?? (() => undefined));
  app.addHook('onClose', async () => {
    executor.stop();
    live.close();
  });

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
    transformObject: (documents) =>
      'openapiObject' in documents ? shareErrorBody(documents.openapiObject) : documents.swaggerObject,
  });
  void app.register(async (scope) => {
    metrics.route(scope);
    serveRoute(scope, healthRoutes.healthz, async () => ({ ok: true as const }));
    serveRoute(scope, healthRoutes.readyz, async () => {
      const view = { nodes: live.state.nodeCount, policy: live.policy.name, replica: leadership.replica };
      if (leadership.isLeader()) return { ready: true as const, role: 'leader' as const, ...view };
      return new Answer(503, { ready: false as const, role: 'follower' as const, ...view });
    });
    scope.get('/docs', { schema: { hide: true } }, async () => app.swagger());
  });
  void app.register(extenderRoutes, {
    resourceModels: options.resourceModels,
    protocol: options.protocol,
    binder: options.binder,
    warn,
  });
  void app.register(fleetRoutes, {
    policyFactory: options.policyFactory ?? ((name: string) => createPolicy(name, { typical })),
    resourceModels: options.resourceModels,
  });
  void app.register(snapshotRoutesPlugin);
  void app.register(defragRoutesPlugin, { resourceModels: options.resourceModels });
  void app.register(simulationRoutes, { pool: options.taskPool });
  void app.register(dashboardRoutes);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The live scheduler behind the routes (for the CLI and tests). */
    live: LiveScheduler;
    /** Defragmentation plans on the live state (dry runs and executions). */
    defrag: LiveDefrag;
    /** Executions of defrag plans. */
    defragExecutor: DefragExecutor;
    /** Counters and histograms behind /metrics. */
    metrics: ServiceMetrics;
  }
}
