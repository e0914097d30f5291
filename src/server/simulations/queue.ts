/**
 * @module server/simulations/queue
 * The runs of this service, in memory, executed one at a time in submission order. A run that fails on bad input
 * keeps that message; one that fails otherwise is logged, and keeps a neutral one (the client never sees internal
 * text). At most MAX_KEPT_RUNS are kept: the oldest finished ones are dropped first.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { isInputError } from '../../errors/index.js';
import type { OffThread } from '../../sim/index.js';
import type { SimulationRequest, SimulationRunDetail } from '../api/index.js';
import { MAX_KEPT_RUNS } from './limits.js';
import { preparePaperRun } from './paper-run.js';
import type { PreparedRun } from './prepared-run.js';
import { prepareTimeRun } from './time-run.js';

/** A run as kept: its request, its state and, once done, its result. */
export type SimulationRun = SimulationRunDetail;

export class SimulationQueue {
  constructor(
    private readonly offThread: OffThread,
    /** Where a run's internal failure is logged (the run itself keeps a neutral message). */
    private readonly log: Pick<FastifyBaseLogger, 'error'>,
  ) {}

  private readonly runs = new Map<string, SimulationRun>();
  private readonly jobs = new Map<string, PreparedRun>();
  private chain: Promise<void> = Promise.resolve();

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
    this.runs.set(run.id, run);
    this.jobs.set(run.id, prepared);
    this.prune();
    this.chain = this.chain.then(() => this.execute(run));
    return run;
  }

  private async execute(run: SimulationRun): Promise<void> {
    const job = this.jobs.get(run.id);
    if (!job) return;
    run.status = 'running';
    try {
      run.result = await job.run((progress, stage) => {
        run.progress = progress;
        run.stage = stage;
      });
      run.status = 'done';
      run.progress = 1;
      run.stage = undefined;
    } catch (e) {
      run.status = 'failed';
      if (isInputError(e)) run.error = e.message;
      else {
        this.log.error({ err: e, runId: run.id }, `simulation run ${run.id} failed`);
        run.error = `internal error; see the server log (run ${run.id})`;
      }
    } finally {
      run.finishedAt = new Date().toISOString();
      this.jobs.delete(run.id);
    }
  }

  private prune(): void {
    for (const [id, r] of this.runs) {
      if (this.runs.size <= MAX_KEPT_RUNS) break;
      if (r.status === 'done' || r.status === 'failed') this.runs.delete(id);
    }
  }

  get(id: string): SimulationRun | undefined {
    return this.runs.get(id);
  }

  list(): SimulationRun[] {
    return [...this.runs.values()].reverse();
  }

  /** Resolves when every run submitted so far has finished (tests). */
  idle(): Promise<void> {
    return this.chain;
  }
}
