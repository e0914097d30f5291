/**
 * @module cli/commands/service-request
 * One request of a CLI command to a live hyperfleet service (`--server URL`): the URL checked, the bearer token
 * sent, and every failure — a URL that is not one, a service that cannot be reached, a refusal (the service's own
 * message, with a hint on 401), an answer that is not JSON — an InputError on `--server` (exit 2), never a stack
 * trace.
 */
import { ErrorCode, InputError } from '../../errors/index.js';

export function serverFailure(message: string): InputError {
  return new InputError(ErrorCode.InvalidOption, { field: '--server', message });
}

export interface ServiceRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query under the server URL (`/v1/snapshot?map=…`). */
  readonly path: string;
  readonly body?: unknown;
  readonly timeoutMs: number;
}

/** The parsed JSON answer of a successful request, and the URL asked (for messages). */
export async function askService(
  server: string,
  token: string | undefined,
  request: ServiceRequest,
): Promise<{ url: URL; data: unknown }> {
  let url: URL;
  try {
    url = new URL(request.path, server);
  } catch {
    throw serverFailure(`"${server}" is not a URL (expected e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw serverFailure(`"${server}" is not an http(s) URL`);
  let res: Response;
  try {
    res = await fetch(url, {
      method: request.method,
      headers: {
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw serverFailure(
      `cannot reach ${url.origin}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
    );
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const message = (data as { message?: unknown } | undefined)?.message;
    const hint = res.status === 401 ? ' (give --token or set HYPERFLEET_TOKEN)' : '';
    throw serverFailure(
      `${url.href} answered ${res.status}: ${typeof message === 'string' ? message : res.statusText}${hint}`,
    );
  }
  return { url, data };
}
