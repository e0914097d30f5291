/**
 * @module sim/reporting-task
 * The worker entry of a task that reports progress (sim/off-thread): loads the task's own module, runs its default
 * export with a `report` callback that posts each report on the run's MessagePort, and posts its outcome — the
 * result or the error — last on the same port, so the caller has every report before the outcome (Piscina's own
 * answer travels on another port and may overtake them). Only worker threads load this module, by file name.
 */
import type { MessagePort } from 'node:worker_threads';

/** What the pool hands this entry: the task's module (a file URL), its input and the port of its reports. */
export interface ReportingTask<T> {
  readonly module: string;
  readonly task: T;
  readonly port: MessagePort;
}

/** The last message of a run on its port: what the task returned, or what it threw. */
export type ReportingOutcome<R> = { readonly result: R } | { readonly error: unknown };

/** One message on the port: a report, or the outcome. */
export type ReportingMessage<P, R> = { readonly progress: P } | ReportingOutcome<R>;

export default async function runReportingTask<T, R, P>({
  module,
  task,
  port,
}: ReportingTask<T>): Promise<void> {
  const run = (await import(module)) as {
    default: (task: T, report: (progress: P) => void) => Promise<R>;
  };
  const post = (message: ReportingMessage<P, R>) => port.postMessage(message);
  let outcome: ReportingOutcome<R>;
  try {
    outcome = { result: await run.default(task, (progress) => post({ progress })) };
  } catch (error) {
    outcome = { error };
  }
  // A result that cannot be cloned throws here, and the run fails as any task's would.
  post(outcome);
  port.close();
}
