/**
 * @module cli/simulate-main
 * `hyperfleet simulate` on its own: the entry of the single-file bundle the launcher runs for that command
 * (scripts/bundle-simulate.mjs). One experiment takes a fraction of a second, so loading dozens of ES modules
 * one by one would be a large share of it; the other commands are not in this bundle.
 */
import { register } from './commands/simulate.js';
import { runCli } from './run-cli.js';

export async function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, register);
}
