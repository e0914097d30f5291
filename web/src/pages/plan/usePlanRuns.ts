/**
 * The plans this browser tab submitted, newest first. The server has no list of plans (only `GET /v1/plans/{id}`),
 * so the ids are kept in sessionStorage and each one is fetched; queued and running plans are polled until they
 * finish, and progress and completion are announced for screen readers. A plan the server no longer has (it
 * restarted, or keeps only its last plans) is dropped from the list with a notice.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api';
import type { PlanRunView } from './plan-types';

const STORAGE_KEY = 'hyperfleet.plans';
const POLL_MS = 500;

export interface PlanRuns {
  /** Newest first; a run not fetched yet is absent. */
  runs: PlanRunView[];
  error?: string;
  selected?: string;
  select: (id: string) => void;
  /** A plan was just submitted: list it, select it and follow it. */
  submitted: (id: string) => void;
  announcement: string;
}

function storedIds(): string[] {
  try {
    const ids: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function storeIds(ids: string[]): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(ids));
  } catch {
    // Storage disabled: the list lives for this page only.
  }
}

export function isActive(run: PlanRunView | undefined): boolean {
  return run === undefined || run.status === 'queued' || run.status === 'running';
}

export function usePlanRuns(): PlanRuns {
  const [ids, setIds] = useState<string[]>(storedIds);
  const [runs, setRuns] = useState<Record<string, PlanRunView>>({});
  const [selected, setSelected] = useState<string | undefined>(() => storedIds()[0]);
  const [error, setError] = useState<string>();
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => storeIds(ids), [ids]);

  const fetchRun = useCallback(async (id: string) => {
    try {
      const run = await api<PlanRunView>(`/v1/plans/${encodeURIComponent(id)}`);
      setRuns((r) => ({ ...r, [id]: run }));
      // Finished runs are fetched once, so each finish is announced once.
      if (run.status === 'done') setAnnouncement(`Plan ${id} finished: ${run.result?.status ?? 'no result'}`);
      else if (run.status === 'failed') setAnnouncement(`Plan ${id} failed: ${run.error ?? ''}`);
      else if (run.status === 'running')
        setAnnouncement(
          `Plan ${id}: ${Math.round(run.progress * 100)} %${run.stage ? `, ${run.stage}` : ''}`,
        );
      setError(undefined);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setIds((list) => list.filter((x) => x !== id));
        setError(
          `Plan ${id} is no longer on the server (it keeps its last plans, and none across a restart).`,
        );
      } else setError((e as Error).message);
    }
  }, []);

  const pending = ids.filter((id) => isActive(runs[id]));
  const pendingKey = pending.join(',');
  useEffect(() => {
    if (pendingKey === '') return;
    const poll = () => pendingKey.split(',').forEach((id) => void fetchRun(id));
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => clearInterval(timer);
  }, [pendingKey, fetchRun]);

  return {
    runs: ids.map((id) => runs[id]).filter((r): r is PlanRunView => r !== undefined),
    error,
    selected,
    select: setSelected,
    submitted: (id) => {
      setIds((list) => [id, ...list.filter((x) => x !== id)]);
      setSelected(id);
    },
    announcement,
  };
}
