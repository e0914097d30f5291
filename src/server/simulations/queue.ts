/**
 * @module server/simulations/queue
 * The simulation runs of this service: each request prepared (refused with a 400 while preparing when it asks for
 * what this machine cannot run), then queued on a {@link RunQueue} — one at a time, in submission order, at most
 * MAX_KEPT_RUNS kept.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { TaskPool } from '../../sim/index.js';
import type { SimulationRequest, SimulationResult, SimulationRunDetail } from '../api/index.js';
import { MAX_KEPT_RUNS } from './limits.js';
import { preparePaperRun } from './paper-run.js';
import { prepareTimeRun } from './time-run.js';
import { RunQueue } from './run-queue.js';

/** A run as kept: its request, its state and, once done, its result. */
export type SimulationRun = SimulationRunDetail;

export class SimulationQueue {
  private readonly queue: RunQueue<SimulationRun, SimulationResult>;

  constructor(
    private readonly offThread: TaskPool,
    log: Pick<FastifyBaseLogger, 'error'>,
  ) {
    this.queue = new RunQueue({ what: 'simulation', maxKept: MAX_KEPT_RUNS }, log);
  }

  async submit(request: SimulationRequest): Promise<SimulationRun> {
    const prepared =
      request.kind === 'paper'
        ? await preparePaperRun(request, this.offThread)
        : await prepareTimeRun(request, this.offThread);
    const run: SimulationRun = {
      id: randomUUID().slice(0, 8),
      kind: request.kind,
      title: prepared.title,
      status: 'queued',
      progress: 0,
      createdAt: new Date().toISOString(),
      request,
    };
    return this.queue.add(run, (report) => prepared.run(report));
  }

  get(id: string): SimulationRun | undefined {
    return this.queue.get(id);
  }

  list(): SimulationRun[] {
    return this.queue.list();
  }

  /** Resolves when every run submitted so far has finished (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}
