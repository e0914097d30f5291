/** The legend of the heat map (allocation colours, cordoned) and of the device cells (and a plan's marks). */
import type { ReactNode } from 'react';
import { cellColour } from './heatmap-layout';

export function OccupancyLegend({ plan = false }: { plan?: boolean }): ReactNode {
  return (
    <ul className="legend" aria-label="legend">
      <li>
        <span className="cell-sample" style={{ background: cellColour(0, false) }} aria-hidden="true" /> node
        free
      </li>
      <li>
        <span className="cell-sample" style={{ background: cellColour(50, false) }} aria-hidden="true" /> half
        allocated
      </li>
      <li>
        <span className="cell-sample" style={{ background: cellColour(100, false) }} aria-hidden="true" />{' '}
        full
      </li>
      <li>
        <span className="cell-sample" style={{ background: cellColour(0, true) }} aria-hidden="true" />{' '}
        cordoned
      </li>
      <li>
        <span className="cell-sample whole" aria-hidden="true" /> whole device
      </li>
      <li>
        <span className="cell-sample shared" aria-hidden="true" /> shared device (fill = allocated fraction)
      </li>
      {plan ? (
        <>
          <li>
            <span className="cell-sample mark-leaves" aria-hidden="true" /> a moved pod leaves
          </li>
          <li>
            <span className="cell-sample mark-arrives" aria-hidden="true" /> a moved pod arrives
          </li>
          <li>
            <span className="cell-sample mark-pending" aria-hidden="true" /> the pending pod goes
          </li>
        </>
      ) : null}
    </ul>
  );
}
