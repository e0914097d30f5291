/** A pool × model group of the occupancy answer in words, and the filter that lists its nodes. */
import type { OccupancyGroup } from '../../types';
import { fmt, fmtInt } from '../../components/format';

export const NO_POOL = 'no pool';
export const CPU_ONLY = 'CPU only';

export function groupName(g: Pick<OccupancyGroup, 'pool' | 'model'>): string {
  return `${g.pool || NO_POOL} · ${g.model || CPU_ONLY}`;
}

/** "spot · H100 — 12,000 nodes, 63.2 % allocated". */
export function groupTitle(g: OccupancyGroup): string {
  return `${groupName(g)} — ${fmtInt(g.nodes)} nodes, ${fmt(g.allocationPercent, 1)} % allocated`;
}

/** The query string of GET /v1/nodes that lists the group's nodes (an empty pool or model: nodes without one). */
export function groupQuery(g: Pick<OccupancyGroup, 'pool' | 'model'>, state: string): string {
  const q = new URLSearchParams({ pool: g.pool, model: g.model });
  if (state) q.set('state', state);
  return q.toString();
}
