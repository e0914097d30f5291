/** The assumptions a result rests on, folded away under "assumptions". */
import type { ReactNode } from 'react';

export function Assumptions({ items }: { items: readonly string[] }): ReactNode {
  return (
    <details>
      <summary>assumptions</summary>
      <ul>
        {items.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
    </details>
  );
}
