/** The selected runs' results: failures first, then trace replays together and fleets over time together. */
import type { ReactNode } from 'react';
import { Notice } from '../../components/Notice';
import type { PaperResult, SimulationRun, TimeResult } from '../../types';
import { PaperResults } from './PaperResults';
import { type RunWith } from './run-status';
import { TimeResults } from './TimeResults';

export function Results({ runs }: { runs: SimulationRun[] }): ReactNode {
  const failed = runs.filter((r) => r.status === 'failed');
  const paper = runs.filter((r): r is RunWith<PaperResult> => r.result?.kind === 'paper');
  const time = runs.filter((r): r is RunWith<TimeResult> => r.result?.kind === 'time');
  return (
    <>
      {failed.map((r) => (
        <Notice key={r.id} kind="error">
          Run {r.id} failed: {r.error}
        </Notice>
      ))}
      {paper.length > 0 ? <PaperResults runs={paper} /> : null}
      {time.length > 0 ? <TimeResults runs={time} /> : null}
    </>
  );
}
