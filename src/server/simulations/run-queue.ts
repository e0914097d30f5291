/**
 * @module server/simulations/run-queue
 * Long runs of this service (simulations, plans), in memory, executed one at a time in submission order. A run that
 * fails on bad input keeps that message; one that fails otherwise is logged, and keeps a neutral one (the client
 * never sees internal text). At most `maxKept` runs are kept: the oldest finished ones are dropped first. With
 * `maxWaiting`, a submission while that many runs wait or run is refused (503): the queue does not grow without
 * bound.
 */
import type { FastifyBaseLogger } from 'fastify';
import { isInputError, refuse, RefusedError } from '../../errors/index.js';

/** What the queue reads and writes of a run; the rest (request, title, result) is the caller's. */
export interface QueuedRun<Result> {
  readonly id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  stage?: string | undefined;
  finishedAt?: string;
  error?: string;
  result?: Result;
}

/** The work of one run: reports its progress (0..1) and what runs now, in words. */
export type RunJob<Result> = (report: (progress: number, stage: string) => void) => Promise<Result>;

export interface RunQueueOptions {
  /** What a run is, in log lines and refusals: `simulation`, `plan`. */
  readonly what: string;
  readonly maxKept: number;
  readonly maxWaiting?: number;
}

export class RunQueue<R extends QueuedRun<Result>, Result> {
  constructor(
    private readonly options: RunQueueOptions,
    /** Where a run's internal failure is logged (the run itself keeps a neutral message). */
    private readonly log: Pick<FastifyBaseLogger, 'error'>,
  ) {}

  private readonly runs = new Map<string, R>();
  private chain: Promise<void> = Promise.resolve();

  /** Queues `run` (status `queued`) with its job; refused when `maxWaiting` runs wait or run already. */
  add(run: R, job: RunJob<Result>): R {
    const { maxWaiting, what } = this.options;
    if (maxWaiting !== undefined && this.waiting() >= maxWaiting) {
      throw new RefusedError(
        refuse(
          'unavailable',
          `${what}s: ${maxWaiting} ${what}s are queued or running; retry when one finishes`,
        ),
      );
    }
    this.runs.set(run.id, run);
    this.prune();
    this.chain = this.chain.then(() => this.execute(run, job));
    return run;
  }

  private waiting(): number {
    let n = 0;
    for (const r of this.runs.values()) if (r.status === 'queued' || r.status === 'running') n++;
    return n;
  }

  private async execute(run: R, job: RunJob<Result>): Promise<void> {
    run.status = 'running';
    try {
      run.result = await job((progress, stage) => {
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
        this.log.error({ err: e, runId: run.id }, `${this.options.what} run ${run.id} failed`);
        run.error = `internal error; see the server log (run ${run.id})`;
      }
    } finally {
      run.finishedAt = new Date().toISOString();
    }
  }

  private prune(): void {
    for (const [id, r] of this.runs) {
      if (this.runs.size <= this.options.maxKept) break;
      if (r.status === 'done' || r.status === 'failed') this.runs.delete(id);
    }
  }

  get(id: string): R | undefined {
    return this.runs.get(id);
  }

  /** Every run kept, newest first. */
  list(): R[] {
    return [...this.runs.values()].reverse();
  }

  /** Resolves when every run submitted so far has finished (tests). */
  idle(): Promise<void> {
    return this.chain;
  }
}
