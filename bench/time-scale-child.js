// One size of the time-simulation scale benchmark, in its own process so that peak memory is its own.
// Usage: node bench/time-scale-child.js <accelerators> <pods> <days> [policy]
import { expandFleet } from '../dist/fleet/fleet.js';
import { loadCatalog } from '../dist/catalog/catalog.js';
import { fleetSetup } from '../dist/sim/time/fleet-economics.js';
import { runTimeSimulation } from '../dist/sim/time/time-simulator.js';
import { fitOpenbStatsFile } from '../dist/workload/openb-stats.js';
import { expectedLoad, generateWorkload } from '../dist/workload/synthetic.js';
import { scaleFleet } from './scale-fleet.js';
import { openbTraceDir } from './support.js';

const [accelerators, podCount, days, policy = 'fgd', targetLoad = '0'] = process.argv.slice(2);
const fleet = scaleFleet(Number(accelerators));
const t0 = performance.now();
const catalog = loadCatalog();
const expanded = expandFleet(fleet);
const setup = fleetSetup(fleet, expanded, catalog);
const stats = await fitOpenbStatsFile(`${openbTraceDir()}/openb_pod_list_default.csv`);
// At trace durations a million pods barely touch a million devices; a target load stretches durations to match.
let durationScale = 1;
if (Number(targetLoad) > 0) {
  // expectedLoad accounts for clipping at the window, so search the multiplier (bisection on a log scale).
  const busy = (scale) =>
    expectedLoad({ stats, pods: Number(podCount), days: Number(days), scale: { duration: scale } })
      .meanBusyDevices;
  let lo = 1;
  let hi = 1e6;
  for (let k = 0; k < 60; k++) {
    const mid = Math.sqrt(lo * hi);
    if (busy(mid) < Number(targetLoad) * Number(accelerators)) lo = mid;
    else hi = mid;
  }
  durationScale = Math.sqrt(lo * hi);
}
const pods = generateWorkload({
  stats,
  pods: Number(podCount),
  days: Number(days),
  seed: 1,
  scale: { duration: durationScale },
});
const t1 = performance.now();
const r = runTimeSimulation({
  nodes: expanded.nodes,
  nodePool: expanded.nodePool,
  pools: setup.pools,
  site: { pue: 1.3, usdPerKWh: 0.08 },
  pods,
  policy,
  seed: 1,
  queue: 'backfill',
  speed: setup.speed,
  shareOn: setup.shareOn,
  economics: setup.economics,
});
const t2 = performance.now();
console.log(
  JSON.stringify({
    accelerators: Number(accelerators),
    pods: r.pods,
    placed: r.placed,
    setupSec: (t1 - t0) / 1000,
    simulateSec: (t2 - t1) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    allocatedShare: r.deviceHours.allocated / r.deviceHours.total,
    queueP99Sec: r.queueDelaySec.p99,
    durationScale,
  }),
);
