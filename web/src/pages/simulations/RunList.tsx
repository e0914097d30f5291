/** The runs on the server: tick runs to show or compare them; finished ones can be downloaded. */
import type { ReactNode } from 'react';
import type { SimulationRun } from '../../types';
import { isActive } from './run-status';

export function RunList({
  runs,
  selected,
  onToggle,
}: {
  runs: SimulationRun[];
  selected: string[];
  onToggle: (id: string) => void;
}): ReactNode {
  return (
    <table className="data runs" data-testid="runs">
      <caption className="sr-only">Simulation runs; tick runs to show or compare them</caption>
      <thead>
        <tr>
          <th scope="col">show</th>
          <th scope="col">run</th>
          <th scope="col">status</th>
          <th scope="col">download</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id} className={selected.includes(r.id) ? 'selected' : undefined}>
            <td>
              <input
                type="checkbox"
                checked={selected.includes(r.id)}
                onChange={() => onToggle(r.id)}
                aria-label={`show run ${r.id}: ${r.title}`}
                disabled={isActive(r)}
              />
            </td>
            <th scope="row" className="run-title">
              <code>{r.id}</code> {r.title}
            </th>
            <td className={`status ${r.status}`}>
              {r.status === 'running' ? `${Math.round(r.progress * 100)} %` : r.status}
              {r.error ? <div className="error-text">{r.error}</div> : null}
            </td>
            <td className="downloads">{r.status === 'done' ? <Downloads run={r} /> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** JSON always; CSV as the paper's three files for a trace replay, one file for a fleet over time. */
function Downloads({ run }: { run: SimulationRun }): ReactNode {
  const base = `/v1/simulations/${run.id}`;
  return (
    <>
      <a href={`${base}/json`} download>
        JSON
      </a>{' '}
      {run.kind === 'paper' ? (
        <>
          <a href={`${base}/csv?kind=allo`} download>
            CSV alloc.
          </a>{' '}
          <a href={`${base}/csv?kind=frag`} download>
            frag.
          </a>{' '}
          <a href={`${base}/csv?kind=fragratio`} download>
            ratio
          </a>
        </>
      ) : (
        <a href={`${base}/csv`} download>
          CSV
        </a>
      )}
    </>
  );
}
