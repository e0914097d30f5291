/**
 * One node's details beside the map: its model, CPU and memory in use, and its pods (from /v1/nodes/{name} when the
 * server has it, else from the placements). Focus moves to it on open; Escape closes it.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { optionalApi } from '../../api';
import { DataTable } from '../../components/DataTable';
import { fmt } from '../../components/format';
import { Notice } from '../../components/Notice';
import type { FleetNode, Placement } from '../../types';
import { modelOf } from './OccupancyMap';

type NodeDetail = FleetNode & { placements: Placement[] };

/** The server's view of the node's pods; null when it has no such route, undefined until known. */
function useNodeDetail(name: string, refreshedAt: number): NodeDetail | null | undefined {
  const [detail, setDetail] = useState<NodeDetail | null>();
  useEffect(() => {
    let cancelled = false;
    optionalApi<NodeDetail>(`/v1/nodes/${encodeURIComponent(name)}`)
      .then((d) => !cancelled && setDetail(d && Array.isArray(d.placements) ? d : null))
      .catch(() => !cancelled && setDetail(null));
    return () => {
      cancelled = true;
    };
  }, [name, refreshedAt]);
  return detail;
}

export function NodePanel({
  name,
  node,
  placements,
  refreshedAt,
  onClose,
}: {
  name: string;
  node?: FleetNode;
  placements: Placement[];
  refreshedAt: number;
  onClose: () => void;
}): ReactNode {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [name]);
  const detail = useNodeDetail(name, refreshedAt);
  const pods = detail ? detail.placements : placements.filter((p) => p.node === name);
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
      {node ? (
        <p className="muted">
          {modelOf(node)} · {node.gpuCount} devices · CPU {fmt((node.cpuMilli - node.cpuMilliLeft) / 1000, 1)}{' '}
          / {fmt(node.cpuMilli / 1000, 0)} cores · memory {fmt((node.memMiB - node.memMiBLeft) / 1024, 0)} /{' '}
          {fmt(node.memMiB / 1024, 0)} GiB
        </p>
      ) : (
        <Notice kind="error">Node {name} is no longer in the fleet.</Notice>
      )}
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
    </section>
  );
}
