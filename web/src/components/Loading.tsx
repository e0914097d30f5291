/** What shows until data arrives: a loading notice, or an error notice saying why it cannot arrive. */
import type { ReactNode } from 'react';
import { Notice } from './Notice';

export function Loading({
  error,
  loading,
  failed,
}: {
  error?: string;
  /** The loading text ("Loading…"). */
  loading: string;
  /** What could not be done, before the error's own message ("Cannot load the run options"). */
  failed: string;
}): ReactNode {
  return error ? (
    <Notice kind="error">
      {failed}: {error}
    </Notice>
  ) : (
    <Notice kind="loading">{loading}</Notice>
  );
}
