/**
 * A table of figures, scrollable sideways on narrow screens. One cell of each row names the row (a row header,
 * for screen readers): the first, unless `headerCell` says otherwise.
 */
import type { ReactNode } from 'react';

export interface DataTableProps {
  columns: readonly string[];
  rows: readonly (readonly ReactNode[])[];
  caption?: ReactNode;
  /** Show the caption; by default it is for screen readers only. */
  showCaption?: boolean;
  headerCell?: number;
  /** Stable row keys (by default the row index). */
  rowKeys?: readonly string[];
  /** Extra attributes per row (`data-*`, which tests and styles select on). */
  rowAttributes?: (index: number) => Record<`data-${string}`, string>;
  className?: string;
  testId?: string;
}

export function DataTable({
  columns,
  rows,
  caption,
  showCaption = false,
  headerCell = 0,
  rowKeys,
  rowAttributes,
  className,
  testId,
}: DataTableProps): ReactNode {
  return (
    <div className="table-scroll">
      <table className={className ? `data ${className}` : 'data'} data-testid={testId}>
        {caption ? <caption className={showCaption ? undefined : 'sr-only'}>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKeys?.[i] ?? i} {...rowAttributes?.(i)}>
              {row.map((cell, j) =>
                j === headerCell ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
