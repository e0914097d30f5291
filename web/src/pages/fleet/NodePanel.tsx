/**
 * One node's details beside the map, from GET /v1/nodes/{name}: its pool, model, state, CPU and memory in use, its
 * devices (shared ones known from its pods) and its pods. Focus moves to it on open; Escape closes it.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, ApiError } from '../../api';
import { DataTable } from '../../components/DataTable';
import { fmt } from '../../components/format';
import { Notice } from '../../components/Notice';
import type { FleetNode, Placement } from '../../types';
import { DeviceStrip } from './DeviceStrip';
import { CPU_ONLY, NO_POOL } from './occupancy-groups';

export type NodeDetail = FleetNode & { placements: Placement[] };

/** The node as the server has it now; null when it is gone, undefined until known. */
export function useNodeDetail(
  name: string,
  refreshedAt: number,
): { detail?: NodeDetail | null; error?: string } {
  const [detail, setDetail] = useState<NodeDetail | null>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    api<NodeDetail>(`/v1/nodes/${encodeURIComponent(name)}`)
      .then((d) => {
        if (cancelled) return;
        setDetail(d);
        setError(undefined);
      })
      .catch((e) => {
        if (cancelled) return;
        if (e instanceof ApiError && e.status === 404) setDetail(null);
        else setError((e as Error).message);
      });
    return () => {
      cancelled = true;
    };
  }, [name, refreshedAt]);
  return { detail, error };
}

/** Devices held by a fraction or by several pods. */
export function sharedDevices(placements: readonly Placement[]): Set<number> {
  const pods = new Map<number, number>();
  const shared = new Set<number>();
  for (const p of placements) {
    for (const d of p.devices) {
      pods.set(d, (pods.get(d) ?? 0) + 1);
      if (p.milliPerDevice < 1000 || pods.get(d)! > 1) shared.add(d);
    }
  }
  return shared;
}

export function NodePanel({
  name,
  refreshedAt,
  onClose,
}: {
  name: string;
  refreshedAt: number;
  onClose: () => void;
}): ReactNode {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [name]);
  const { detail, error } = useNodeDetail(name, refreshedAt);
  const pods = detail?.placements ?? [];
  return (
    <section
      className="panel node-panel"
      aria-labelledby="node-heading"
      data-testid="node-panel"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="panel-head">
        <h2 id="node-heading" tabIndex={-1} ref={heading}>
          {name}
        </h2>
        <button type="button" onClick={onClose} aria-label="close node details">
          ×
        </button>
      </div>
      {error ? <Notice kind="error">Cannot read the node: {error}</Notice> : null}
      {detail === null ? <Notice kind="error">Node {name} is no longer in the fleet.</Notice> : null}
      {detail ? (
        <>
          <p className="muted">
            {detail.pool || NO_POOL} · {detail.model || CPU_ONLY} · {detail.state} · {detail.gpuCount} devices
            · CPU {fmt((detail.cpuMilli - detail.cpuMilliLeft) / 1000, 1)} / {fmt(detail.cpuMilli / 1000, 0)}{' '}
            cores · memory {fmt((detail.memMiB - detail.memMiBLeft) / 1024, 0)} /{' '}
            {fmt(detail.memMiB / 1024, 0)} GiB
          </p>
          <div data-testid="node-devices" data-node={name}>
            <DeviceStrip node={detail} shared={sharedDevices(detail.placements)} />
          </div>
          {pods.length === 0 ? (
            <Notice kind="empty">No pods on this node.</Notice>
          ) : (
            <DataTable
              testId="node-pods"
              caption={`Pods on ${name}`}
              showCaption
              columns={['pod', 'device #', 'milli / device', 'CPU (cores)', 'memory (GiB)']}
              rowKeys={pods.map((p) => p.uid)}
              rows={pods.map((p) => [
                `${p.namespace}/${p.name}`,
                p.devices.length ? p.devices.join(', ') : '—',
                p.milliPerDevice || '—',
                fmt(p.cpuMilli / 1000, 1),
                fmt(p.memMiB / 1024, 1),
              ])}
            />
          )}
        </>
      ) : null}
    </section>
  );
}
