/** A notice for the empty, error, informational and loading states; errors are announced as alerts. */
import type { ReactNode } from 'react';

export type NoticeKind = 'empty' | 'error' | 'info' | 'loading';

export function Notice({ kind, children }: { kind: NoticeKind; children: ReactNode }): ReactNode {
  return (
    <div className={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
