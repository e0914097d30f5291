/**
 * @module server/simulations/time-run
 * Preparing a time run (`{ kind: "time" }`): an example or inline fleet over time under a synthetic workload
 * fitted to the openb default trace, one `sim/time/time-task` per policy off the service's thread — the numbers
 * `hyperfleet run` gives.
 */
import { basename } from 'node:path';
import { type TaskPool, runTimeTaskOffThread, syntheticSpecText } from '../../sim/index.js';
import { findOpenbFile, openbPodFile } from '../../traces/index.js';
import type { TimeRequest, TimeRunSummary } from '../api/index.js';
import { MAX_TIME_DEVICES, MAX_TIME_PODS } from './limits.js';
import { exampleFleetFile, exampleFleets } from './locations.js';
import { badSimulation, type PreparedRun } from './prepared-run.js';

export async function prepareTimeRun(req: TimeRequest, offThread: TaskPool): Promise<PreparedRun> {
  const [
    { loadCatalog },
    { loadFleetFile, parseFleetText, stringifyFleet, expandFleet },
    { fleetSetup, refusePricedPolicies },
  ] = await Promise.all([
    import('../../catalog/index.js'),
    import('../../fleet/index.js'),
    import('../../sim/index.js'),
  ]);
  const catalog = loadCatalog();
  let fleetName: string;
  let fleet;
  if (typeof req.fleet === 'string') {
    const file = exampleFleetFile(req.fleet);
    if (!file) {
      throw badSimulation(
        'fleet',
        `no example fleet "${req.fleet}" (have ${exampleFleets().join(', ') || 'none'}); or send a fleet document`,
      );
    }
    fleetName = basename(file);
    fleet = await loadFleetFile(file, catalog);
  } else {
    fleetName = 'inline fleet';
    fleet = parseFleetText(JSON.stringify(req.fleet), 'fleet.json', catalog);
  }
  const expanded = expandFleet(fleet);
  const devices = expanded.pools.reduce((sum, p) => sum + p.nodes * p.devicesPerNode, 0);
  if (devices > MAX_TIME_DEVICES) {
    throw badSimulation(
      'fleet',
      `${devices} devices is more than the ${MAX_TIME_DEVICES} a run here may simulate`,
    );
  }
  const setup = fleetSetup(fleet, expanded, catalog, req.reference, fleetName);
  // A pool without a price runs (its cost is null, the assumptions say why); only price-weighing policies cannot.
  refusePricedPolicies(req.policies, setup.unpricedPools, fleetName);
  const synthetic = await import('../../workload/index.js');
  const spec = synthetic.parseSyntheticSpec(
    typeof req.workload === 'string' ? req.workload : syntheticSpecText(req.workload, req.seed),
    { seed: req.seed },
  );
  if (spec.pods > MAX_TIME_PODS) {
    throw badSimulation(
      'workload',
      `${spec.pods} pods is more than the ${MAX_TIME_PODS} a run here may simulate`,
    );
  }
  const statsFile = findOpenbFile(openbPodFile('default'));
  if (!statsFile) {
    throw badSimulation(
      'workload',
      'a synthetic workload is fitted to the openb default trace, which was not found on the server ' +
        '(run hyperfleet traces fetch openb)',
    );
  }
  return {
    title: `time · ${fleetName} · ${spec.pods} pods / ${spec.days} d · ${req.policies.join(', ')} · seed ${req.seed}`,
    run: async (report) => {
      const t0 = performance.now();
      const fleetText = stringifyFleet(fleet);
      const workloadSpec = `synthetic:pods=${spec.pods},days=${spec.days},seed=${spec.seed}`;
      let done = 0;
      report(0, `simulating ${req.policies.join(', ')}`);
      // Off the service's thread, one task per policy (each generates the same seeded workload).
      const results = await Promise.all(
        req.policies.map((policy) =>
          runTimeTaskOffThread(offThread, {
            fleet: fleetText,
            fleetName,
            reference: req.reference,
            workload: workloadSpec,
            statsFile,
            policy,
            seed: req.seed,
            queue: req.queue,
            backfillDepth: req.backfillDepth,
            preemption: req.preemption,
            fgdWeight: req.fgdWeight,
          }).then((r) => {
            report(++done / req.policies.length, `${policy} done`);
            return r;
          }),
        ),
      );
      const workload = results[0]?.workloadDescription ?? workloadSpec;
      const runs: TimeRunSummary[] = results.map(
        ({ workloadDescription: _w, assumptions: _a, ...result }) => ({ ...result, workload }),
      );
      return {
        kind: 'time',
        fleet: fleetName,
        workload,
        assumptions: setup.assumptions,
        runs,
        wallMs: Math.round(performance.now() - t0),
      };
    },
  };
}
