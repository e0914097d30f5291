/**
 * The REST client: JSON in and out, errors as `ApiError` carrying the server's error body (`{ code, message,
 * issues, error, requestId }`: `error` is the one-line text shown, `code` the stable code, `issues` one entry per
 * wrong field) and the status. A bearer token (for servers that require one on mutating routes) is kept in
 * sessionStorage only.
 */

const TOKEN_KEY = 'hyperfleet.token';

/** One wrong field of a request, as the server reports it. */
export interface ApiIssue {
  readonly field?: string;
  readonly expected?: string;
  readonly got?: string;
  readonly message?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's stable error code (`HF_INVALID_BODY`, `HF_NOT_FOUND`, …); empty when it sent none. */
    readonly code = '',
    readonly issues: readonly ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The parts of the server's error body read here (older servers send `{ error }` alone). */
interface ErrorBody {
  readonly error?: unknown;
  readonly code?: unknown;
  readonly issues?: unknown;
}

export function getToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function setToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the token lives for this page only.
  }
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, `cannot reach the hyperfleet server (${(e as Error).message})`);
  }
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const body: ErrorBody = data && typeof data === 'object' ? (data as ErrorBody) : {};
    const message = body.error !== undefined ? String(body.error) : `HTTP ${res.status}`;
    throw new ApiError(
      res.status,
      res.status === 401 || res.status === 403 ? `${message} — set an API token (top right)` : message,
      typeof body.code === 'string' ? body.code : '',
      Array.isArray(body.issues) ? (body.issues as ApiIssue[]) : [],
    );
  }
  return data as T;
}

/** Like {@link api}, but a 404 (a route this server does not have yet) resolves to undefined. */
export async function optionalApi<T>(path: string, signal?: AbortSignal): Promise<T | undefined> {
  try {
    return await api<T>(path, { signal });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 501)) return undefined;
    throw e;
  }
}
