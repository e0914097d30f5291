/**
 * @module measure/team-account
 * Figures per team. A team is charged by share: its part of a device's allocated, busy and idle device-hours,
 * that part of the device's cost per hour (its idle hours' part separately), and of the device's energy in
 * proportion to its allocated hours over the window. A team's pods are counted even where it held no device.
 */
import type { AccountWindow } from './device-account.js';
import type { Collected } from './telemetry-source.js';
import type { TeamFigures } from './types.js';

/** What each device costs and uses, by device id. */
export interface DeviceRates {
  usdPerHour: ReadonlyMap<string, number>;
  energyKWh: ReadonlyMap<string, number>;
}

/** Figures per team, sorted by team name. */
export function perTeamFigures(
  c: Pick<Collected, 'teamDevices' | 'pods'>,
  rates: DeviceRates,
  w: AccountWindow,
): Record<string, TeamFigures> {
  const dh = w.stepHours;
  const T = w.hours;
  const perTeam: Record<string, TeamFigures> = {};
  for (const td of c.teamDevices) {
    const t = (perTeam[td.team] ??= emptyTeam());
    const allocated = (td.allocMilliSteps / 1000) * dh;
    const idle = (td.idleMilliSteps / 1000) * dh;
    t.deviceHours.allocated += allocated;
    t.deviceHours.busy += (td.busyMilliPctSteps / 1e5) * dh;
    t.deviceHours.idle += idle;
    const r = rates.usdPerHour.get(td.device) ?? 0;
    t.costUsd += allocated * r;
    t.idleCostUsd += idle * r;
    t.energyKWh += T > 0 ? ((rates.energyKWh.get(td.device) ?? 0) * allocated) / T : 0;
  }
  for (const p of c.pods) {
    (perTeam[p.team] ??= emptyTeam()).pods++;
  }
  for (const t of Object.values(perTeam))
    t.idleFraction = t.deviceHours.allocated > 0 ? t.deviceHours.idle / t.deviceHours.allocated : 0;
  return Object.fromEntries(Object.entries(perTeam).sort(([a], [b]) => a.localeCompare(b)));
}

/** A team's figures before anything is counted. */
function emptyTeam(): TeamFigures {
  return {
    pods: 0,
    deviceHours: { allocated: 0, busy: 0, idle: 0 },
    idleFraction: 0,
    energyKWh: 0,
    costUsd: 0,
    idleCostUsd: 0,
  };
}
