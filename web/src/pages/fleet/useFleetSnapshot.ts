/**
 * The live fleet of `hyperfleet serve`, refreshed every few seconds while auto-refresh is on. A server without
 * /v1/fleet/history gets one sampled here instead (the last hour of samples, kept while the page is open); after a
 * failed refresh the last good state stays, with the error beside it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, optionalApi } from '../../api';
import type { FleetNode, FleetSummary, HistoryPoint, Placement } from '../../types';
import { summaryFromNodes } from './summary-from-nodes';

export const REFRESH_MS = 5000;
/** Samples kept when the page keeps the history itself: one hour at REFRESH_MS. */
const LOCAL_SAMPLES = 720;

export interface Snapshot {
  nodes: FleetNode[];
  placements: Placement[];
  gpuAllocationPercent: number;
  /** The server's summary; undefined when it has no /v1/fleet/summary. */
  summary?: FleetSummary;
  /** The server's history; undefined when it keeps none. */
  history?: HistoryPoint[];
  at: number;
}

export interface FleetSnapshot {
  snap?: Snapshot;
  error?: string;
  /** The server's summary, or one summed from the nodes. */
  summary?: FleetSummary;
  /** The server's history, or the one sampled here. */
  history: HistoryPoint[];
  load: () => Promise<void>;
}

export function useFleetSnapshot(auto: boolean): FleetSnapshot {
  const [snap, setSnap] = useState<Snapshot>();
  const [error, setError] = useState<string>();
  const local = useRef<HistoryPoint[]>([]);

  const load = useCallback(async () => {
    try {
      const [nodes, placements, summary, history] = await Promise.all([
        api<{ nodes: FleetNode[] }>('/v1/nodes'),
        api<{ placements: Placement[]; gpuAllocationPercent: number }>('/v1/placements'),
        optionalApi<FleetSummary>('/v1/fleet/summary'),
        optionalApi<{ points: HistoryPoint[] }>('/v1/fleet/history'),
      ]);
      const at = Date.now();
      if (!history) {
        local.current = [
          ...local.current.slice(-(LOCAL_SAMPLES - 1)),
          {
            t: at,
            gpuAllocationPercent: summary?.gpuAllocationPercent ?? placements.gpuAllocationPercent,
            fragRatioPercent: summary?.fragRatioPercent ?? undefined,
            fragAmountGpus: summary?.fragAmountGpus ?? undefined,
            placements: placements.placements.length,
          },
        ];
      }
      setSnap({
        nodes: nodes.nodes,
        placements: placements.placements,
        gpuAllocationPercent: placements.gpuAllocationPercent,
        summary,
        history: history?.points,
        at,
      });
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!auto) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [auto, load]);

  const summary = useMemo(
    () => (snap ? (snap.summary ?? summaryFromNodes(snap.nodes, snap.gpuAllocationPercent)) : undefined),
    [snap],
  );
  return { snap, error, summary, history: snap?.history ?? local.current, load };
}
