/**
 * @module cli/commands/worker
 * `hyperfleet worker --queue postgres://…`: a worker of the PostgreSQL work queue. It runs the tasks that
 * `experiment --queue` and `serve --queue` submit (paper grid cells, fleet-over-time runs, plans) until SIGINT or
 * SIGTERM, then finishes the tasks in hand and exits 0. Run as many as you like, on any machines that reach the
 * database and see the same trace files at the same paths (docs/queue.md).
 */
import type { Command } from 'commander';
import { parseInteger } from '../options.js';

export function register(program: Command): void {
  program
    .command('worker')
    .description('run simulation, grid and plan tasks from a PostgreSQL work queue (pg-boss) until stopped')
    .requiredOption('--queue <url>', 'the work queue: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE')
    .option('--threads <n>', 'tasks run at once, each on a thread of its own', '1')
    .action(async (opts: { queue: string; threads: string }) => {
      const threads = parseInteger('--threads', opts.threads, 1);
      const stop = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      const { runQueueWorker } = await import('../../queue/index.js');
      const finished = await runQueueWorker({
        url: opts.queue,
        field: '--queue',
        threads,
        stop,
        log: (line) => process.stdout.write(`${line}\n`),
      });
      process.stdout.write(`hyperfleet worker: ${finished} task(s) done, stopped\n`);
    });
}
