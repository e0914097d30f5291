// One size of the streamed scale benchmark (scale.bench.js), in its own process so that peak memory is its own.
// Usage: node bench/scale-child.js <accelerators> <pods> <days> <policy> <load> [cpu-profile-dir]
// The workload is `synthetic:pods=N,days=D` fitted to the openb default trace, its durations stretched so the fleet
// is about <load> busy, streamed into the simulator as `hyperfleet run` streams it (one pass that counts shapes for
// the typical workload, one for the run): no list of pods is ever built.
import { loadCatalog } from '../dist/catalog/catalog.js';
import { expandFleet } from '../dist/fleet/fleet.js';
import { typicalOfShapes } from '../dist/policies/typical-pods.js';
import { fleetSetup, fleetSimInput } from '../dist/sim/time/fleet-economics.js';
import { runTimeSimulation } from '../dist/sim/time/time-simulator.js';
import { openSynthetic } from '../dist/workload/load-workload.js';
import { scaleFleet } from './scale-fleet.js';
import { openbTraceDir } from './support.js';

const [accelerators, pods, days, policy, load] = process.argv.slice(2);
const t0 = performance.now();
const fleet = scaleFleet(Number(accelerators));
const catalog = loadCatalog();
const expanded = expandFleet(fleet);
const setup = fleetSetup(fleet, expanded, catalog);
const devices = expanded.pools.reduce((sum, p) => sum + p.nodes * p.devicesPerNode, 0);
const workload = await openSynthetic(
  `synthetic:pods=${pods},days=${days},seed=1`,
  1,
  `${openbTraceDir()}/openb_pod_list_default.csv`,
  Number(load) > 0 ? { load: Number(load), devices } : undefined,
);
const t1 = performance.now();
const { shapes, counts, total } = workload.shapeCounts();
const typical = typicalOfShapes(shapes, counts, total);
const t2 = performance.now();
const r = runTimeSimulation({
  ...fleetSimInput(fleet, expanded, setup),
  pods: { stream: workload.open(), expected: workload.pods, typical },
  policy,
  seed: 1,
  queue: 'backfill',
});
const t3 = performance.now();
console.log(
  JSON.stringify({
    devices,
    pods: r.pods,
    placed: r.placed,
    setupSec: (t1 - t0) / 1000,
    typicalSec: (t2 - t1) / 1000,
    simulateSec: (t3 - t2) / 1000,
    wallSec: (t3 - t0) / 1000,
    cpuSec: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    allocatedShare: r.deviceHours.allocated / r.deviceHours.total,
    queueP99Sec: r.queueDelaySec.p99,
  }),
);
