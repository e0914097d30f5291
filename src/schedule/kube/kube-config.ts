/**
 * @module schedule/kube/kube-config
 * Loading a kubeconfig with clear errors, and turning the API server's failures into one-line messages.
 */
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { ErrorCode, InputError } from '../../errors/index.js';

/**
 * Loads a kubeconfig file (`--kubeconfig FILE`); without a path, the in-cluster service account (inside a pod).
 * Throws an {@link InputError} naming the file when it is missing, malformed or has no current cluster.
 */
export function loadKubeConfig(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path === undefined) {
    if (!process.env.KUBERNETES_SERVICE_HOST) {
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--kubeconfig',
        message:
          'not running inside a Kubernetes pod (KUBERNETES_SERVICE_HOST unset): give --kubeconfig FILE',
      });
    }
    kc.loadFromCluster();
    return kc;
  }
  if (!existsSync(path)) {
    throw new InputError(ErrorCode.FileNotFound, {
      file: path,
      message: 'file not found (expected a kubeconfig)',
    });
  }
  try {
    kc.loadFromFile(path);
  } catch (e) {
    throw new InputError(ErrorCode.InvalidField, {
      file: path,
      message: `not a valid kubeconfig: ${(e as Error).message.split('\n')[0]}`,
    });
  }
  const context = kc.getCurrentContext();
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new InputError(ErrorCode.InvalidField, {
      file: path,
      field: 'current-context',
      message: context
        ? `context "${context}" names no cluster of the file`
        : 'no current context (set current-context, e.g. with kubectl config use-context)',
    });
  }
  return kc;
}

/** A request to the API server failed; `status` is the HTTP status (undefined when the server was not reached). */
export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** The `message` of a v1.Status body (JSON text or object), if there is one. */
function statusMessage(body: unknown): string | undefined {
  let status = body;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body);
    } catch {
      return body.trim() === '' ? undefined : body.trim().slice(0, 300);
    }
  }
  const message = (status as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

/** What the live scheduler's service account must be allowed; other callers name their own needs. */
const SCHEDULER_RBAC = 'nodes get/list/watch; pods get/list/watch/patch; pods/binding create';

/**
 * `what` (e.g. `bind pod ml/p to node n1`) failed with `e` (a client-node ApiException, a fetch error, …): one
 * message that says what the API server answered, or that it could not be reached. `rbac` is what the caller's
 * credentials need, named when the server answers 403.
 */
export function describeKubeError(
  what: string,
  e: unknown,
  server?: string,
  rbac = SCHEDULER_RBAC,
): KubeApiError {
  const err = e as {
    code?: unknown;
    statusCode?: unknown;
    body?: unknown;
    message?: string;
    cause?: unknown;
  };
  const status =
    typeof err.code === 'number' ? err.code : typeof err.statusCode === 'number' ? err.statusCode : undefined;
  if (status !== undefined) {
    const detail =
      statusMessage(err.body) ?? (typeof err.message === 'string' ? err.message.split('\n')[0] : '');
    let text = `${what}: the API server answered ${status}`;
    if (detail) text += `: ${detail}`;
    if (status === 401) text += ' (the kubeconfig credentials were refused)';
    if (status === 403) text += ` (hyperfleet needs RBAC: ${rbac})`;
    return new KubeApiError(text, status);
  }
  const cause = (err.cause as { message?: string } | undefined)?.message;
  const reason = [err.message?.split('\n')[0], cause].filter((s) => s).join(': ') || String(e);
  return new KubeApiError(`${what}: cannot reach the API server${server ? ` at ${server}` : ''}: ${reason}`);
}
