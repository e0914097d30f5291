/**
 * @module cli/run-cli
 * What every way of starting the CLI shares: the `hyperfleet` program, its global options, and the turning of any
 * failure into an exit code and a message. Bad input exits 2 with one `✖ file:line: field: …` line per issue;
 * internal errors exit 1 without a stack unless `--debug` is given.
 */
import { Command, CommanderError } from 'commander';
import { isInputError, formatIssue } from '../errors/index.js';

/** Builds the program, lets `register` add the sub-commands, parses `argv` and runs the chosen command. */
export async function runCli(
  argv: readonly string[],
  register: (program: Command) => void | Promise<void>,
): Promise<number> {
  const debug = argv.includes('--debug');
  const program = new Command();
  program
    .name('hyperfleet')
    .description('Efficiency engine for accelerator fleets: simulate, schedule, measure and plan placement.')
    .option('--debug', 'print stack traces of internal errors')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  await register(program);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    return reportFailure(e, debug);
  }
}

/** Turns any failure into the exit code and the message the user sees. */
export function reportFailure(e: unknown, debug: boolean): number {
  if (e instanceof CommanderError) {
    // commander already printed its message (unknown option, missing argument, --help, --version).
    return e.exitCode === 0 ? 0 : 2;
  }
  if (isInputError(e)) {
    for (const issue of e.issues) process.stderr.write(`✖ ${formatIssue(issue)}\n`);
    return 2;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`hyperfleet: internal error: ${err.message}\n`);
  if (debug) process.stderr.write(`${err.stack ?? ''}\n`);
  else process.stderr.write('(run again with --debug for the stack trace, and please report it)\n');
  return 1;
}
