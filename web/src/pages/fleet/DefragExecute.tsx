/**
 * Executing a feasible plan (`POST /v1/defrag/{id}/execute`), behind a confirmation that says what it does: the
 * moved pods are evicted (through the Kubernetes Eviction API, so PodDisruptionBudgets hold) and steered to their
 * reserved devices, then the pending pod gets its own. The request carries the API token saved in this tab (the
 * header's control), as every change does. The server's answer is shown as it is; a refusal shows its message — a
 * server without a cluster (no kubeconfig) refuses, and says why.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, getToken } from '../../api';
import { counted } from '../../components/format';
import { FormError, formErrorOf, type FormErrorValue } from '../../components/FormError';
import type { DefragPlan } from '../../types';

/**
 * What the execute route answers. Its schema is not on this branch yet (the route is built beside this page), so
 * only `status` is read, when it is a string; the rest is shown as sent.
 */
type ExecuteAnswer = Record<string, unknown> | undefined;

export function DefragExecute({ plan }: { plan: DefragPlan }): ReactNode {
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [answer, setAnswer] = useState<{ body: ExecuteAnswer }>();
  const [error, setError] = useState<FormErrorValue>();
  const confirm = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);

  const execute = async () => {
    setConfirming(false);
    setRunning(true);
    setError(undefined);
    setAnswer(undefined);
    try {
      const body = await api<ExecuteAnswer>(`/v1/defrag/${encodeURIComponent(plan.id)}/execute`, {
        method: 'POST',
        body: {},
      });
      setAnswer({ body });
    } catch (err) {
      setError(formErrorOf(err));
    } finally {
      setRunning(false);
    }
  };

  const status = typeof answer?.body?.status === 'string' ? answer.body.status : undefined;
  return (
    <div className="defrag-execute" data-testid="defrag-execute">
      {confirming ? (
        <div
          className="defrag-confirm"
          role="group"
          aria-labelledby="defrag-confirm-text"
          tabIndex={-1}
          ref={confirm}
          onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}
        >
          <p id="defrag-confirm-text">
            Execute plan <code>{plan.id}</code> on the live cluster? It evicts{' '}
            {counted(plan.moves.length, 'pod')} (PodDisruptionBudgets apply), steers each to its new devices,
            then gives the pending pod its target.
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => void execute()}>
              Yes, execute
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <p>
          <button type="button" disabled={running} onClick={() => setConfirming(true)}>
            {running ? 'Executing…' : 'Execute…'}
          </button>{' '}
          <span className="muted">
            {getToken()
              ? 'with the API token saved in this tab'
              : 'no API token saved: a server that has one refuses (set it top right)'}
          </span>
        </p>
      )}
      {error ? <FormError id="defrag-execute-error" error={error} /> : null}
      {answer ? (
        <div className="notice info" role="status" data-testid="defrag-executed">
          The server took the plan{status ? `: ${status}` : ''}.
          <details>
            <summary>its answer</summary>
            <pre>{JSON.stringify(answer.body, null, 2)}</pre>
          </details>
        </div>
      ) : null}
    </div>
  );
}
