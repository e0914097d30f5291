/**
 * @module server/simulations/available
 * What can be run on this machine (`GET /v1/simulations/options`): the openb traces found, the built-in
 * synthetic one, the example fleets, the policies of each kind of run, the service's limits, and the shared GenAI
 * trace for the Efficiency page.
 */
import { PAPER_POLICIES, POLICY_NAMES } from '../../policies/index.js';
import { findOpenbFile, openbPodFile, PAPER_WORKLOADS } from '../../traces/index.js';
import type { ResponseIn } from '../api/index.js';
import type { simulationRoutes } from '../api/index.js';
import { MAX_PAPER_CELLS, MAX_TIME_DEVICES, MAX_TIME_PODS } from './limits.js';
import { exampleFleets, genaiDir, openbTraceDir } from './locations.js';

export function availableSimulations(): ResponseIn<typeof simulationRoutes.options, 200> {
  return {
    policies: { paper: PAPER_POLICIES, time: POLICY_NAMES },
    workloads: [
      ...PAPER_WORKLOADS.filter((w) => openbTraceDir(w) !== undefined).map((w) => ({
        name: w,
        synthetic: false,
      })),
      { name: 'synthetic', synthetic: true },
    ],
    defaultTraceIsSynthetic: openbTraceDir('default') === undefined,
    fleets: exampleFleets(),
    timeWorkloadAvailable: findOpenbFile(openbPodFile('default')) !== undefined,
    limits: { paperCells: MAX_PAPER_CELLS, timePods: MAX_TIME_PODS, timeDevices: MAX_TIME_DEVICES },
    genaiDir: genaiDir(),
  };
}
