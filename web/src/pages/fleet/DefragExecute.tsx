/**
 * Executing a feasible plan (`POST /v1/defrag/{id}/execute`), behind a confirmation that says what it does: the
 * moved pods are evicted (through the Kubernetes Eviction API, so PodDisruptionBudgets hold) and steered to their
 * reserved devices, then the pending pod gets its own. The request carries the API token saved in this tab (the
 * header's control), as every change does. The execution's status and steps are then followed with
 * `GET /v1/defrag/{id}` until it ends; a refusal shows its message — a server without a cluster (no kubeconfig)
 * refuses, and says why.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, getToken } from '../../api';
import { counted } from '../../components/format';
import { FormError, formErrorOf, type FormErrorValue } from '../../components/FormError';
import type { DefragExecution, DefragPlan, DefragStep, NodeDevices } from '../../types';

/** How often a running execution is looked at again: each step waits for kube-scheduler, seconds at best. */
const POLL_MS = 1000;

const STATUS_TEXT: Record<DefragExecution['status'], string> = {
  planned: 'planned, not executed',
  executing: 'executing',
  done: 'done',
  failed: 'failed',
  aborted: 'aborted',
};

function at(d: NodeDevices): string {
  return `${d.node} [${d.devices.join(', ')}]`;
}

function stepText(step: DefragStep): string {
  const what =
    step.kind === 'move'
      ? `move ${step.namespace}/${step.name}${step.from ? ` from ${at(step.from)}` : ''}`
      : 'pending pod';
  return `${what} to ${at(step.to)}`;
}

/** The execution as the server last said: its status, its reason, and each step's progress. */
function ExecutionView({ execution }: { execution: DefragExecution }): ReactNode {
  const ended = execution.status !== 'executing';
  const tone = execution.status === 'failed' || execution.status === 'aborted' ? 'error' : 'info';
  return (
    <div className={`notice ${tone}`} role="status" data-testid="defrag-executed">
      <p>
        Execution of <code>{execution.id}</code>: <strong>{STATUS_TEXT[execution.status]}</strong>
        {ended ? '' : ' (following it)'}.
      </p>
      {execution.reason ? <p data-testid="defrag-execution-reason">{execution.reason}</p> : null}
      <ol className="defrag-steps" data-testid="defrag-steps">
        {execution.steps.map((s, i) => (
          <li key={i} data-status={s.status}>
            {stepText(s)}: <strong>{s.status}</strong>
            {s.bound ? ` (bound: ${s.bound})` : ''}
            {s.error ? ` — ${s.error}` : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function DefragExecute({ plan }: { plan: DefragPlan }): ReactNode {
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [execution, setExecution] = useState<DefragExecution>();
  const [error, setError] = useState<FormErrorValue>();
  const confirm = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);

  // Follow a running execution until it ends (or this plan is left).
  const following = execution?.status === 'executing' ? execution.id : undefined;
  useEffect(() => {
    if (following === undefined) return;
    const stop = new AbortController();
    const timer = setTimeout(() => {
      api<DefragExecution>(`/v1/defrag/${encodeURIComponent(following)}`, { signal: stop.signal })
        .then(setExecution)
        .catch((err: unknown) => {
          if (!stop.signal.aborted) setError(formErrorOf(err));
        });
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      stop.abort();
    };
  }, [following, execution]);

  const execute = async () => {
    setConfirming(false);
    setRunning(true);
    setError(undefined);
    setExecution(undefined);
    try {
      const body = await api<DefragExecution>(`/v1/defrag/${encodeURIComponent(plan.id)}/execute`, {
        method: 'POST',
        body: {},
      });
      setExecution(body);
    } catch (err) {
      setError(formErrorOf(err));
    } finally {
      setRunning(false);
    }
  };

  const busy = running || execution?.status === 'executing';
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
      ) : execution && execution.id === plan.id ? null : (
        <p>
          <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
            {busy ? 'Executing…' : 'Execute…'}
          </button>{' '}
          <span className="muted">
            {getToken()
              ? 'with the API token saved in this tab'
              : 'no API token saved: a server that has one refuses (set it top right)'}
          </span>
        </p>
      )}
      {error ? <FormError id="defrag-execute-error" error={error} /> : null}
      {execution ? <ExecutionView execution={execution} /> : null}
    </div>
  );
}
