/**
 * The live fleet of `hyperfleet serve`, refreshed every few seconds while auto-refresh is on: the occupancy by pool ×
 * model (filtered as the page asks), the summary and the history — never the whole node or placement list, which
 * at 100,000 nodes is megabytes. A server without /v1/fleet/history gets one sampled here instead (the last hour
 * of samples, kept while the page is open); after a failed refresh the last good state stays, with the error beside
 * it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, optionalApi } from '../../api';
import type { FleetOccupancy, FleetSummary, HistoryPoint } from '../../types';

export const REFRESH_MS = 5000;
/** Samples kept when the page keeps the history itself: one hour at REFRESH_MS. */
const LOCAL_SAMPLES = 720;

export interface Snapshot {
  /** The occupancy of the nodes the page's filters select, one cell per node. */
  occupancy: FleetOccupancy;
  summary: FleetSummary;
  /** The server's history; undefined when it keeps none. */
  history?: HistoryPoint[];
  at: number;
}

export interface FleetSnapshot {
  snap?: Snapshot;
  error?: string;
  /** The server's history, or the one sampled here. */
  history: HistoryPoint[];
  load: () => Promise<void>;
}

export function useFleetSnapshot(auto: boolean, query: string): FleetSnapshot {
  const [snap, setSnap] = useState<Snapshot>();
  const [error, setError] = useState<string>();
  const local = useRef<HistoryPoint[]>([]);

  const load = useCallback(async () => {
    try {
      const [occupancy, summary, history] = await Promise.all([
        api<FleetOccupancy>(`/v1/fleet/occupancy${query ? `?${query}` : ''}`),
        api<FleetSummary>('/v1/fleet/summary'),
        optionalApi<{ points: HistoryPoint[] }>('/v1/fleet/history'),
      ]);
      const at = Date.now();
      if (!history) {
        local.current = [
          ...local.current.slice(-(LOCAL_SAMPLES - 1)),
          {
            t: at,
            gpuAllocationPercent: summary.gpuAllocationPercent,
            fragRatioPercent: summary.fragRatioPercent ?? undefined,
            fragAmountGpus: summary.fragAmountGpus ?? undefined,
            placements: summary.placements,
          },
        ];
      }
      setSnap({ occupancy, summary, history: history?.points, at });
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [query]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!auto) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [auto, load]);

  const history = useMemo(() => snap?.history ?? local.current, [snap]);
  return { snap, error, history, load };
}
