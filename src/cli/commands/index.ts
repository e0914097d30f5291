/**
 * @module cli/commands
 * The one list of sub-commands. Each command module exports `register(program)`.
 */
import type { Command } from 'commander';
import { register as registerDemo } from './demo.js';
import { register as registerExperiment } from './experiment.js';
import { register as registerSimulate } from './simulate.js';
import { register as registerTracesFetch } from './traces-fetch.js';

export function registerCommands(program: Command): void {
  registerSimulate(program);
  registerExperiment(program);
  registerDemo(program);
  registerTracesFetch(program);
}
