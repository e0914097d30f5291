/**
 * Results per policy, for one run or several compared side by side: with several runs, each row starts with its
 * run id. Rows carry `data-policy`.
 */
import type { ReactNode } from 'react';
import { DataTable } from './DataTable';
import { PolicyName } from './PolicyName';

export interface ComparisonRow {
  runId: string;
  policy: string;
  cells: readonly ReactNode[];
}

export function ComparisonTable({
  caption,
  columns,
  rows,
  compare,
  testId,
}: {
  caption: string;
  /** The value columns (after run and policy). */
  columns: readonly string[];
  rows: readonly ComparisonRow[];
  /** Several runs: show the run column. */
  compare: boolean;
  testId: string;
}): ReactNode {
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
