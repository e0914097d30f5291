/**
 * Where the occupancy heat map draws each group and each node's cell: groups one under the other, each with a
 * label line and a grid of equal square cells, the cell size chosen so the whole fleet fits a bounded height (a few
 * pixels a node at 100,000 nodes, larger cells for small fleets). Pure, so the hit test of a click and the drawing
 * agree by construction.
 */
export interface GroupBox {
  /** Top of the group's label line, and of its first row of cells. */
  readonly labelY: number;
  readonly cellsY: number;
  readonly columns: number;
  readonly rows: number;
  readonly count: number;
}

export interface HeatMapLayout {
  readonly width: number;
  readonly height: number;
  /** Cell size with the gap after it. */
  readonly pitch: number;
  readonly cell: number;
  readonly groups: GroupBox[];
}

export const LABEL_HEIGHT = 18;
const GROUP_GAP = 8;
/** The height the cells of the whole fleet aim to fit in. */
const TARGET_HEIGHT = 560;

export function heatMapLayout(counts: readonly number[], width: number): HeatMapLayout {
  const total = Math.max(
    1,
    counts.reduce((s, c) => s + c, 0),
  );
  const ideal = Math.floor(Math.sqrt((width * TARGET_HEIGHT) / total));
  const pitch = Math.max(2, Math.min(16, ideal));
  const cell = pitch >= 5 ? pitch - 1 : pitch;
  const columns = Math.max(1, Math.floor(width / pitch));
  let y = 0;
  const groups = counts.map((count) => {
    const rows = Math.ceil(count / columns);
    const box = { labelY: y, cellsY: y + LABEL_HEIGHT, columns, rows, count };
    y += LABEL_HEIGHT + rows * pitch + GROUP_GAP;
    return box;
  });
  return { width, height: Math.max(y, 1), pitch, cell, groups };
}

/** The top-left corner of cell `k` of group `g`. */
export function cellAt(layout: HeatMapLayout, g: number, k: number): { x: number; y: number } {
  const box = layout.groups[g];
  return { x: (k % box.columns) * layout.pitch, y: box.cellsY + Math.floor(k / box.columns) * layout.pitch };
}

/** What a point falls on: a group's label, one of its cells, or nothing. */
export function hitTest(
  layout: HeatMapLayout,
  x: number,
  y: number,
): { group: number; cell?: number } | undefined {
  for (const [g, box] of layout.groups.entries()) {
    if (y < box.labelY || y >= box.cellsY + box.rows * layout.pitch) continue;
    if (y < box.cellsY) return { group: g };
    const k = Math.floor((y - box.cellsY) / layout.pitch) * box.columns + Math.floor(x / layout.pitch);
    return k >= 0 && k < box.count && x < box.columns * layout.pitch ? { group: g, cell: k } : { group: g };
  }
  return undefined;
}

/** The fill of a cell: light (free) to dark (fully allocated); cordoned nodes grey. */
export function cellColour(allocationPercent: number, cordoned: boolean): string {
  if (cordoned) return '#8a8f98';
  const t = Math.max(0, Math.min(100, allocationPercent)) / 100;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(226, 24)}, ${mix(236, 78)}, ${mix(244, 160)})`;
}
