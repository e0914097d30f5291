/**
 * @module cli/main
 * The `hyperfleet` command line: one sub-command per file in ./commands, wired here (see cli/run-cli for the
 * program and its exit codes).
 */
import { runCli } from './run-cli.js';

export async function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, async (program) => {
    if (argv[0] === 'simulate') {
      // One experiment is the command users wait for: load only its module, not every command's dependencies
      // (the parse of `simulate …` and its help are the same with the other commands absent).
      (await import('./commands/simulate.js')).register(program);
    } else (await import('./commands/index.js')).registerCommands(program);
  });
}
