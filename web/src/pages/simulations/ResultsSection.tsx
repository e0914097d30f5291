/** A panel of results of one run or several compared: its heading, then one line per run saying what it was. */
import type { ReactNode } from 'react';
import { fmt } from '../../components/format';
import type { SimulationRun } from '../../types';

export function ResultsSection<R extends { wallMs: number }>({
  id,
  title,
  runs,
  describe,
  children,
}: {
  /** The heading's id (the section is labelled by it). */
  id: string;
  title: string;
  runs: (SimulationRun & { result: R })[];
  /** What the run was (trace, fleet, seeds…); its id and wall time are added. */
  describe: (result: R) => string;
  children: ReactNode;
}): ReactNode {
  return (
    <section className="panel results" aria-labelledby={id}>
      <h2 id={id}>
        {title}
        {runs.length > 1 ? ` — ${runs.length} runs compared` : ''}
      </h2>
      {runs.map((r) => (
        <p key={r.id} className="muted">
          <code>{r.id}</code> {describe(r.result)}; {fmt(r.result.wallMs / 1000, 1)} s
        </p>
      ))}
      {children}
    </section>
  );
}
