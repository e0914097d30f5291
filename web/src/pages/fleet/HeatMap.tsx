/**
 * The occupancy heat map: one canvas for the whole fleet, a cell per node coloured by its allocation, grouped by
 * pool × model (heatmap-layout places them). A click on a group's label opens the group, a click on a cell opens
 * the group at that node. The selected node and the nodes of a defrag plan are ringed. A canvas, not a DOM element
 * per node: 100,000 nodes draw in milliseconds and add nothing to the page's DOM.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FleetOccupancy } from '../../types';
import { cellAt, cellColour, heatMapLayout, hitTest, LABEL_HEIGHT } from './heatmap-layout';
import { groupTitle } from './occupancy-groups';

const PALETTE = Array.from({ length: 101 }, (_, p) => cellColour(p, false));
const CORDONED = cellColour(0, true);
const SELECTED = '#111827';
const PLANNED = '#d9480f';

/** Node name → [group, position]: where a node is drawn. */
export function positionsOf(occupancy: FleetOccupancy): Map<string, [number, number]> {
  const at = new Map<string, [number, number]>();
  occupancy.groups.forEach((g, gi) => g.names.forEach((name, k) => at.set(name, [gi, k])));
  return at;
}

export function HeatMap({
  occupancy,
  positions,
  selected,
  planned,
  onOpen,
}: {
  occupancy: FleetOccupancy;
  positions: Map<string, [number, number]>;
  selected?: string;
  /** Nodes a defrag plan touches. */
  planned: readonly string[];
  /** A group was clicked (on its label) or a node's cell (with its position in the group). */
  onOpen: (group: number, cell?: number) => void;
}): ReactNode {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const layout = useMemo(
    () =>
      width > 0
        ? heatMapLayout(
            occupancy.groups.map((g) => g.nodes),
            width,
          )
        : undefined,
    [occupancy, width],
  );

  useEffect(() => {
    const c = canvas.current;
    if (!c || !layout) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = layout.width * ratio;
    c.height = layout.height * ratio;
    c.style.width = `${layout.width}px`;
    c.style.height = `${layout.height}px`;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, layout.width, layout.height);
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    occupancy.groups.forEach((g, gi) => {
      const box = layout.groups[gi];
      ctx.fillStyle = '#374151';
      ctx.fillText(groupTitle(g), 0, box.labelY + LABEL_HEIGHT / 2);
      const cordoned = new Set(g.cordoned);
      for (let k = 0; k < g.nodes; k++) {
        const { x, y } = cellAt(layout, gi, k);
        ctx.fillStyle = cordoned.has(k) ? CORDONED : (PALETTE[g.allocation[k]] ?? PALETTE[100]);
        ctx.fillRect(x, y, layout.cell, layout.cell);
      }
    });
    const ring = (name: string, colour: string) => {
      const at = positions.get(name);
      if (!at) return;
      const { x, y } = cellAt(layout, at[0], at[1]);
      const pad = Math.max(2, layout.pitch / 2);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.strokeRect(x - pad, y - pad, layout.cell + 2 * pad, layout.cell + 2 * pad);
    };
    for (const name of planned) ring(name, PLANNED);
    if (selected) ring(selected, SELECTED);
    c.dataset.ready = 'true';
  }, [layout, occupancy, positions, planned, selected]);

  return (
    <div ref={wrap} className="heatmap-wrap">
      <canvas
        ref={canvas}
        data-testid="heatmap"
        data-cells={occupancy.nodes}
        role="img"
        aria-label={`occupancy of ${occupancy.nodes} nodes in ${occupancy.groups.length} groups; use the group list to open one`}
        onClick={(e) => {
          if (!layout) return;
          const r = e.currentTarget.getBoundingClientRect();
          const hit = hitTest(layout, e.clientX - r.left, e.clientY - r.top);
          if (hit) onOpen(hit.group, hit.cell);
        }}
      />
    </div>
  );
}
