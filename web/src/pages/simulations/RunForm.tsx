/** The form that starts a run: the kind, then that kind's fields; a refused request shows the server's reason. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../../api';
import type { SimulationOptions } from '../../types';
import { PaperFields } from './PaperFields';
import {
  INITIAL_TIME_VALUES,
  initialPaperValues,
  paperRequest,
  timeRequest,
  type PaperValues,
  type RunKind,
  type TimeValues,
} from './run-request';
import { TimeFields } from './TimeFields';

const KINDS: { kind: RunKind; label: string }[] = [
  { kind: 'paper', label: 'Trace replay (FGD paper protocol)' },
  { kind: 'time', label: 'Fleet over time' },
];

export function RunForm({
  options,
  onSubmitted,
}: {
  options: SimulationOptions;
  onSubmitted: (id: string) => void;
}): ReactNode {
  const [kind, setKind] = useState<RunKind>('paper');
  const [paper, setPaper] = useState<PaperValues>(() => initialPaperValues(options.defaultTraceIsSynthetic));
  const [time, setTime] = useState<TimeValues>(INITIAL_TIME_VALUES);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const request = kind === 'paper' ? { body: paperRequest(paper) } : timeRequest(time);
    if ('error' in request) {
      setError(request.error);
      return;
    }
    setSubmitting(true);
    try {
      const { id } = await api<{ id: string }>('/v1/simulations', { method: 'POST', body: request.body });
      onSubmitted(id);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} aria-describedby={error ? 'form-error' : undefined}>
      <fieldset className="kind">
        <legend>Kind</legend>
        {KINDS.map((k) => (
          <label key={k.kind}>
            <input
              type="radio"
              name="kind"
              value={k.kind}
              checked={kind === k.kind}
              onChange={() => setKind(k.kind)}
            />
            {k.label}
          </label>
        ))}
      </fieldset>
      {kind === 'paper' ? (
        <PaperFields options={options} values={paper} onChange={(p) => setPaper((v) => ({ ...v, ...p }))} />
      ) : (
        <TimeFields options={options} values={time} onChange={(p) => setTime((v) => ({ ...v, ...p }))} />
      )}
      {error ? (
        <p id="form-error" role="alert" className="notice error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={submitting}>
        {submitting ? 'Submitting…' : 'Run'}
      </button>
    </form>
  );
}
