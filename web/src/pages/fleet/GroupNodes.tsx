/**
 * A group's nodes, a page at a time from GET /v1/nodes (filtered by the group's pool and model and the page's
 * state filter, paged with the API's cursor): each node with its devices; a click selects it. Opened from a cell,
 * the first page starts at that node.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../api';
import { fmtInt } from '../../components/format';
import { Notice } from '../../components/Notice';
import type { FleetNode, OccupancyGroup } from '../../types';
import { describeNodeDevices, DeviceStrip } from './DeviceStrip';
import { groupName, groupQuery } from './occupancy-groups';
import { PAGE_SIZE } from './paging';

interface NodePage {
  nodes: FleetNode[];
  next: string | null;
  total: number;
}

export function GroupNodes({
  group,
  state,
  startAfter,
  selected,
  refreshedAt,
  onSelect,
  onClose,
}: {
  group: OccupancyGroup;
  state: string;
  /** The name before the first node to list (the cursor), or undefined for the group's first page. */
  startAfter?: string;
  selected?: string;
  refreshedAt: number;
  onSelect: (name: string) => void;
  onClose: () => void;
}): ReactNode {
  /** The cursors of the pages shown so far: the last one is the page on screen. */
  const [cursors, setCursors] = useState<(string | undefined)[]>([startAfter]);
  /** The page on screen and the request it answers (a page of another group or filter is not shown). */
  const [shown, setShown] = useState<{ key: string; page: NodePage }>();
  const [error, setError] = useState<string>();
  useEffect(() => setCursors([startAfter]), [group.pool, group.model, state, startAfter]);
  const cursor = cursors[cursors.length - 1];
  const key = `${groupQuery(group, state)}&limit=${PAGE_SIZE}${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
  const page = shown?.key === key ? shown.page : undefined;
  useEffect(() => {
    let cancelled = false;
    api<NodePage>(`/v1/nodes?${key}`)
      .then((p) => {
        if (cancelled) return;
        setShown({ key, page: p });
        setError(undefined);
      })
      .catch((e) => !cancelled && setError((e as Error).message));
    return () => {
      cancelled = true;
    };
  }, [key, refreshedAt]);

  return (
    <section className="panel group-nodes" aria-labelledby="group-heading" data-testid="group-nodes">
      <div className="panel-head">
        <h2 id="group-heading">{groupName(group)}</h2>
        <button type="button" onClick={onClose} aria-label="close the group">
          ×
        </button>
      </div>
      {error ? <Notice kind="error">Cannot list the nodes: {error}</Notice> : null}
      {page ? (
        <>
          <p className="muted" data-testid="group-count">
            {fmtInt(page.total)} nodes{state ? ` (${state})` : ''} · {page.nodes.length} on this page
          </p>
          {page.nodes.length === 0 ? <Notice kind="empty">No node of this group matches.</Notice> : null}
          <ul className="node-list">
            {page.nodes.map((n) => (
              <li key={n.name}>
                <button
                  type="button"
                  className={`node${selected === n.name ? ' selected' : ''}`}
                  aria-pressed={selected === n.name}
                  aria-label={`${n.name}, ${n.state}, ${n.pods} pods${n.gpuCount ? `: ${describeNodeDevices(n)}` : ''}`}
                  data-node={n.name}
                  onClick={() => onSelect(n.name)}
                  title={n.name}
                >
                  <span className="node-name">{n.name}</span>
                  <DeviceStrip node={n} />
                </button>
              </li>
            ))}
          </ul>
          <div className="toolbar">
            <button
              type="button"
              disabled={cursors.length === 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Previous page
            </button>
            <button
              type="button"
              disabled={page.next === null}
              onClick={() => page.next !== null && setCursors((c) => [...c, page.next!])}
            >
              Next page
            </button>
          </div>
        </>
      ) : error ? null : (
        <p className="muted">Loading the nodes…</p>
      )}
    </section>
  );
}
