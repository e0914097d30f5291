/**
 * @module sim/time/team-accounts
 * Pods and allocated device time per team (pods without a team count as `unassigned`), for chargeback.
 */
import { MILLI_PER_DEVICE } from '../../model/index.js';

const UNASSIGNED = 'unassigned';

export class TeamAccounts {
  private readonly pods = new Map<string, number>();
  private readonly milliSec = new Map<string, number>();

  /** Counts one pod of `team` that arrived (placed, queued or rejected alike). */
  arrived(team: string | undefined): void {
    const key = team ?? UNASSIGNED;
    this.pods.set(key, (this.pods.get(key) ?? 0) + 1);
  }

  /** Charges `team` with `milliSec` GPU milli·seconds of one run. */
  ran(team: string | undefined, milliSec: number): void {
    const key = team ?? UNASSIGNED;
    this.milliSec.set(key, (this.milliSec.get(key) ?? 0) + milliSec);
  }

  /** Device-hours and pods per team, teams in sorted order. */
  figures(): Record<string, { deviceHours: number; pods: number }> {
    const perTeam: Record<string, { deviceHours: number; pods: number }> = {};
    // Sorted as [team, count] pairs (their string form), as reports have always listed them.
    for (const [team, count] of [...this.pods.entries()].sort()) {
      perTeam[team] = { deviceHours: (this.milliSec.get(team) ?? 0) / MILLI_PER_DEVICE / 3600, pods: count };
    }
    return perTeam;
  }
}
