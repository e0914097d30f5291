/**
 * @module sim/time/time-sim-summary
 * The result of a finished time simulation: device-hours by state, energy and cost per pool (summed per
 * accelerator model and fleet-wide), queueing delay and completion time of the placed pods, and per-team figures.
 *
 * Power model: a device draws its idle power plus a load-proportional part (TDP − idle) × allocated share; the
 * rest of a node draws a constant; facility power is IT power × PUE.
 *
 * Cost: a pool without a price has an unknown (null) capital cost, and so has every sum it is part of — the
 * fleet's capital and cost, its model's cost — never 0 and never a guess; energy is computed as with a price.
 */
import { MILLI_PER_DEVICE } from '../../model/index.js';
import type { DefraggedTimeSimResult, DeviceHours, ModelFigures } from './time-sim-result.js';
import type { TimeSimState } from './time-sim-state.js';

const SEC_PER_HOUR = 3600;

/** The fleet's figures over the simulated span, per model and in total. */
interface FleetFigures {
  devices: number;
  deviceHours: DeviceHours;
  energyKWh: number;
  /** null once a pool without a price is part of it. */
  capitalUsd: number | null;
  perModel: Record<string, ModelFigures>;
  unpricedPools: string[];
}

/** a + b, unknown (null) when either is. */
function plusKnown(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

export function summarizeTimeSim(sim: TimeSimState, startedAtMs: number): DefraggedTimeSimResult {
  const { input, tally } = sim;
  const horizonSec = sim.now;
  const fleet = fleetFigures(sim, horizonSec / SEC_PER_HOUR);
  const energyUsd = fleet.energyKWh * input.site.usdPerKWh;
  const times = sim.podTimes();
  return {
    policy: input.policy,
    seed: input.seed,
    devices: fleet.devices,
    pods: sim.podCount - (sim.initial?.pods ?? 0),
    placed: times.placed,
    rejected: tally.rejected,
    rejections: tally.rejectionCounts(),
    preemptions: tally.preemptions,
    horizonSec,
    deviceHours: fleet.deviceHours,
    energyKWh: fleet.energyKWh,
    costUsd: plusKnown(fleet.capitalUsd, energyUsd),
    capitalUsd: fleet.capitalUsd,
    energyUsd,
    unpricedPools: fleet.unpricedPools,
    queueDelaySec: times.queueDelay(),
    jctSec: times.completion(),
    perModel: fleet.perModel,
    perTeam: sim.teams.figures(),
    timeline: sim.timeline.result,
    elapsedMs: Math.round(performance.now() - startedAtMs),
    ...(sim.defrag ? { defrag: sim.defrag.figures() } : {}),
    ...(sim.initial ? { initial: sim.initial } : {}),
  };
}

function fleetFigures(sim: TimeSimState, hours: number): FleetFigures {
  const { pools, site } = sim.input;
  const { allocMilliSec, fragMilliSec } = sim.deviceTime;
  const fleet: FleetFigures = {
    devices: 0,
    deviceHours: emptyDeviceHours(),
    energyKWh: 0,
    capitalUsd: 0,
    perModel: {},
    unpricedPools: [],
  };
  pools.forEach((pool, p) => {
    const devices = pool.nodes * pool.devicesPerNode;
    fleet.devices += devices;
    const allocatedH = allocMilliSec[p] / MILLI_PER_DEVICE / SEC_PER_HOUR;
    const strandedH = fragMilliSec[p] / MILLI_PER_DEVICE / SEC_PER_HOUR;
    const totalH = devices * hours;
    const itWh =
      devices * pool.idleW * hours +
      (pool.tdpW - pool.idleW) * allocatedH +
      pool.nodes * pool.nodeOverheadW * hours;
    const kWh = (itWh * site.pue) / 1000;
    const capital = pool.usdPerNodeHour === null ? null : pool.nodes * pool.usdPerNodeHour * hours;
    if (capital === null) fleet.unpricedPools.push(pool.name);
    fleet.energyKWh += kWh;
    fleet.capitalUsd = plusKnown(fleet.capitalUsd, capital);
    const model = (fleet.perModel[pool.accelerator] ??= {
      devices: 0,
      deviceHours: emptyDeviceHours(),
      energyKWh: 0,
      costUsd: 0,
    });
    model.devices += devices;
    addDeviceHours(model.deviceHours, totalH, allocatedH, strandedH);
    model.energyKWh += kWh;
    model.costUsd = plusKnown(model.costUsd, plusKnown(capital, kWh * site.usdPerKWh));
    addDeviceHours(fleet.deviceHours, totalH, allocatedH, strandedH);
  });
  return fleet;
}

function emptyDeviceHours(): DeviceHours {
  return { total: 0, allocated: 0, stranded: 0, idle: 0 };
}

/** Adds one pool's device-hours: the idle ones are what is neither allocated nor stranded. */
function addDeviceHours(to: DeviceHours, totalH: number, allocatedH: number, strandedH: number): void {
  to.total += totalH;
  to.allocated += allocatedH;
  to.stranded += strandedH;
  to.idle += totalH - allocatedH - strandedH;
}
