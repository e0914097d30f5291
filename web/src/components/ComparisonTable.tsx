/**
 * Results per policy of one run or several compared side by side: with several runs, each row starts with its run
 * id. Rows carry `data-policy`.
 */
import type { ReactNode } from 'react';
import type { SimulationRun } from '../types';
import { DataTable } from './DataTable';
import { PolicyName } from './PolicyName';

export interface PolicyRow {
  policy: string;
  cells: readonly ReactNode[];
}

export function ComparisonTable<R>({
  caption,
  columns,
  runs,
  rowsOf,
  testId,
}: {
  caption: string;
  /** The value columns (after run and policy). */
  columns: readonly string[];
  runs: readonly (SimulationRun & { result: R })[];
  /** One row per policy of a run's result. */
  rowsOf: (result: R) => PolicyRow[];
  testId: string;
}): ReactNode {
  const compare = runs.length > 1;
  const rows = runs.flatMap((run) => rowsOf(run.result).map((row) => ({ runId: run.id, ...row })));
  return (
    <DataTable
      className="summary"
      testId={testId}
      caption={caption}
      showCaption
      columns={[...(compare ? ['run'] : []), 'policy', ...columns]}
      headerCell={compare ? 1 : 0}
      rowKeys={rows.map((r) => `${r.runId}-${r.policy}`)}
      rowAttributes={(i) => ({ 'data-policy': rows[i].policy })}
      rows={rows.map((r) => [
        ...(compare ? [<code>{r.runId}</code>] : []),
        <PolicyName policy={r.policy} />,
        ...r.cells,
      ])}
    />
  );
}
