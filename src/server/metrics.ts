/**
 * @module server/metrics
 * /metrics for Prometheus (prom-client, one registry per server): decisions by verb and outcome, request latency
 * histograms per route, and the fleet's figures (allocation, fragmentation, devices by model, placements),
 * read from the live state at scrape time, and the latest efficiency measurement (measure/exporter).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { type MeasureResult, registerMeasureMetrics } from '../measure/index.js';
import { healthRoutes, openApiSchema } from './api/index.js';
import type { DefragCounters, FleetSummary, LiveScheduler } from '../schedule/index.js';

export type Verb = 'filter' | 'prioritize' | 'bind';
export type Outcome = 'placed' | 'unschedulable' | 'bound' | 'error';

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly decisions: Counter<'verb' | 'outcome'>;
  private readonly latency: Histogram<'route' | 'method' | 'status'>;
  private measurement: MeasureResult | undefined;
  private readonly defrag: {
    plans: Counter;
    moves: Counter;
    failures: Counter;
    gpusFreed: Counter;
  };
  /** Whether this replica decides (schedule/leadership), for the `hyperfleet_leader` gauge. */
  private isLeader: () => boolean = () => true;
  /** The fleet's figures, read once per scrape (every gauge below shows the same instant). */
  private fleet: FleetSummary | undefined;

  constructor(live: () => LiveScheduler) {
    const fleet = (): FleetSummary => (this.fleet ??= live().summary());
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'hyperfleet_' });
    this.decisions = new Counter({
      name: 'hyperfleet_extender_decisions_total',
      help: 'Extender calls by verb and outcome',
      labelNames: ['verb', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'hyperfleet_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by route',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    });
    const gauge = (name: string, help: string, read: (g: Gauge) => void, labelNames: string[] = []) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          read(this);
        },
      });
    registerMeasureMetrics(this.registry, () => this.measurement);
    const counter = (name: string, help: string) => new Counter({ name, help, registers });
    this.defrag = {
      plans: counter('hyperfleet_defrag_plans_executed_total', 'Defrag plans whose execution started'),
      moves: counter(
        'hyperfleet_defrag_moves_total',
        'Defrag moves done (pod evicted and its replacement bound)',
      ),
      failures: counter('hyperfleet_defrag_failures_total', 'Defrag executions that failed and rolled back'),
      gpusFreed: counter(
        'hyperfleet_defrag_gpus_freed_total',
        'GPUs (device milli / 1000) given to pending pods by completed defrag executions',
      ),
    };
    gauge('hyperfleet_leader', '1 while this replica is the leader (decides), 0 on a follower', (g) =>
      g.set(this.isLeader() ? 1 : 0),
    );
    gauge('hyperfleet_nodes', 'Nodes in the inventory', (g) => g.set(fleet().nodes));
    gauge('hyperfleet_placements', 'Pods placed', (g) => g.set(fleet().placements));
    gauge('hyperfleet_reservations', 'Pods filtered and not yet bound', (g) => g.set(fleet().reservations));
    new Counter({
      name: 'hyperfleet_reservations_expired_total',
      help: 'Filter decisions that ended unconfirmed (no bind or watch within the TTL, or beyond the cap): with a --confirm mode that does not match kube-scheduler, placements forgotten',
      registers,
      collect() {
        this.reset();
        this.inc(live().expiredReservations);
      },
    });
    gauge('hyperfleet_gpu_allocation_ratio', 'Allocated device milli / capacity (0..1)', (g) =>
      g.set(fleet().gpuAllocationPercent / 100),
    );
    gauge(
      'hyperfleet_gpu_fragmentation_gpus',
      'Fragmented GPUs (FGD paper measure; needs typical pods)',
      (g) => {
        const f = fleet().fragAmountGpus;
        if (f !== null) g.set(f);
      },
    );
    gauge('hyperfleet_gpu_fragmentation_ratio', 'Fragmented / idle GPU capacity (0..1)', (g) => {
      const f = fleet().fragRatioPercent;
      if (f !== null) g.set(f / 100);
    });
    gauge(
      'hyperfleet_devices',
      'Devices by model',
      (g) => {
        for (const [model, m] of Object.entries(fleet().perModel)) g.set({ model }, m.devices);
      },
      ['model'],
    );
    gauge(
      'hyperfleet_devices_allocated',
      'Allocated devices by model (shares summed: four 250-milli pods make one)',
      (g) => {
        for (const [model, m] of Object.entries(fleet().perModel)) g.set({ model }, m.allocatedMilli / 1000);
      },
      ['model'],
    );
  }

  /** The efficiency accounting exported as hyperfleet_measure_* (the latest POST /v1/measurements). */
  setMeasurement(result: MeasureResult): void {
    this.measurement = result;
  }

  /** Where `hyperfleet_leader` reads whether this replica decides. */
  leadership(isLeader: () => boolean): void {
    this.isLeader = isLeader;
  }

  decision(verb: Verb, outcome: Outcome): void {
    this.decisions.inc({ verb, outcome });
  }

  /** Observes every answered request's latency (install on the root instance: hooks are scoped). */
  observe(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics') return;
      this.latency.observe(
        { route, method: request.method, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
  }

  /** GET /metrics. */
  route(app: FastifyInstance): void {
    app.get('/metrics', { schema: openApiSchema(healthRoutes.metrics) }, async (_req, reply) => {
      void reply.header('content-type', this.registry.contentType);
      this.fleet = undefined;
      return this.registry.metrics();
    });
  }

  /** What defrag executions report (schedule's DefragCounters). */
  defragCounters(): DefragCounters {
    const d = this.defrag;
    return {
      executed: () => d.plans.inc(),
      moveDone: () => d.moves.inc(),
      failed: () => d.failures.inc(),
      gpusFreed: (gpus) => d.gpusFreed.inc(gpus),
    };
  }
}
