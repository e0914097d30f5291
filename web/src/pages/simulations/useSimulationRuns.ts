/**
 * The runs on the server and the ones the user selected: the list is polled while anything is queued or running,
 * selected runs are fetched in full once finished, and progress and completion are announced for screen readers.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { SimulationRun } from '../../types';
import { isActive, isFinished } from './run-status';

const POLL_MS = 500;
/** At most this many runs are compared at once. */
const MAX_SELECTED = 4;

export interface SimulationRuns {
  runs?: SimulationRun[];
  error?: string;
  /** The selected runs' full records (with results), in selection order, once fetched. */
  shown: SimulationRun[];
  selected: string[];
  toggle: (id: string) => void;
  /** A run was just submitted: select it and refresh the list. */
  submitted: (id: string) => void;
  /** The latest progress or completion message (an aria-live region shows it). */
  announcement: string;
}

export function useSimulationRuns(): SimulationRuns {
  const [runs, setRuns] = useState<SimulationRun[]>();
  const [error, setError] = useState<string>();
  const [selected, setSelected] = useState<string[]>([]);
  const [details, setDetails] = useState<Record<string, SimulationRun>>({});
  const [announcement, setAnnouncement] = useState('');

  const refresh = useCallback(async () => {
    try {
      const list = await api<{ simulations: SimulationRun[] }>('/v1/simulations');
      setRuns(list.simulations);
      setError(undefined);
      return list.simulations;
    } catch (e) {
      setError((e as Error).message);
      return undefined;
    }
  }, []);

  const busy = runs?.some(isActive) ?? false;
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      void refresh().then((list) => {
        const active = list?.find((r) => r.status === 'running');
        if (active)
          setAnnouncement(
            `Run ${active.id}: ${Math.round(active.progress * 100)} %${active.stage ? `, ${active.stage}` : ''}`,
          );
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [busy, refresh]);

  useEffect(() => {
    for (const id of selected) {
      const summary = runs?.find((r) => r.id === id);
      if (!summary || !isFinished(summary)) continue;
      if (details[id]?.status === summary.status) continue;
      api<SimulationRun>(`/v1/simulations/${id}`)
        .then((run) => {
          setDetails((d) => ({ ...d, [id]: run }));
          if (run.status === 'done') setAnnouncement(`Run ${id} finished: ${run.title}`);
          if (run.status === 'failed') setAnnouncement(`Run ${id} failed: ${run.error}`);
        })
        .catch((e: Error) => setError(e.message));
    }
  }, [selected, runs, details]);

  return {
    runs,
    error,
    shown: selected.map((id) => details[id]).filter((r): r is SimulationRun => r !== undefined),
    selected,
    toggle: (id) =>
      setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id].slice(-MAX_SELECTED))),
    submitted: (id) => {
      setSelected((s) => [id, ...s.filter((x) => x !== id)].slice(0, MAX_SELECTED));
      void refresh();
    },
    announcement,
  };
}
