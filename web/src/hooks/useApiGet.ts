/**
 * A GET of the REST API as React state: the data once it arrives, or the error's message. A new path starts a new
 * request and drops the answer of the old one (so a slow reply never overwrites a newer one); no path, no request.
 */
import { useEffect, useState } from 'react';
import { api } from '../api';

export interface ApiState<T> {
  data?: T;
  error?: string;
}

export function useApiGet<T>(path: string | undefined): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({});
  useEffect(() => {
    if (path === undefined) return;
    let current = true;
    api<T>(path)
      .then((data) => current && setState({ data }))
      .catch((e: Error) => current && setState((s) => ({ ...s, error: e.message })));
    return () => {
      current = false;
    };
  }, [path]);
  return state;
}
