/**
 * @module cli/commands
 * The one list of sub-commands. Each command module exports `register(program)`.
 */
import type { Command } from 'commander';
import { loadCatalog } from '../../catalog/index.js';
import { register as registerCatalog } from './catalog.js';
import { register as registerDefrag } from './defrag.js';
import { register as registerDemo } from './demo.js';
import { register as registerExperiment } from './experiment.js';
import { register as registerFleet } from './fleet.js';
import { register as registerMeasure } from './measure.js';
import { register as registerMerge } from './merge.js';
import { register as registerPerf } from './perf.js';
import { register as registerPlan } from './plan.js';
import { register as registerRun } from './run.js';
import { register as registerServe } from './serve.js';
import { register as registerSimulate } from './simulate.js';
import { register as registerSweep } from './sweep.js';
import { register as registerTracesFetch } from './traces-fetch.js';
import { register as registerWorker } from './worker.js';

export function registerCommands(program: Command): void {
  registerSimulate(program);
  registerExperiment(program);
  registerDemo(program);
  registerTracesFetch(program);
  registerFleet(program, () => loadCatalog());
  registerRun(program);
  registerCatalog(program);
  registerServe(program);
  registerMeasure(program);
  registerPerf(program);
  registerPlan(program);
  registerDefrag(program);
  registerMerge(program);
  registerSweep(program);
  registerWorker(program);
}
