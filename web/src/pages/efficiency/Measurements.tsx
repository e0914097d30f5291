/**
 * Measured efficiency: a form that asks the server to measure telemetry (an Alibaba GenAI trace folder on the
 * server, or a Prometheus range) and the result below it. Servers without `POST /v1/measurements` get a notice.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../../api';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useApiGet } from '../../hooks/useApiGet';
import type { MeasureResult, SimulationOptions } from '../../types';
import { MeasureView } from './MeasureView';

type Source = 'genai' | 'prometheus';

const SOURCES: { source: Source; label: string }[] = [
  { source: 'genai', label: 'Alibaba GenAI trace folder' },
  { source: 'prometheus', label: 'Prometheus' },
];

/** Whether this server can measure: undefined until known. */
function useCanMeasure(): boolean | undefined {
  const [available, setAvailable] = useState<boolean>();
  useEffect(() => {
    // Probe with an empty body: 400 means the route exists (and says what it wants), 404 that it does not.
    api('/v1/measurements', { method: 'POST', body: {} })
      .then(() => setAvailable(true))
      .catch((e) => setAvailable(!(e instanceof ApiError && (e.status === 404 || e.status === 0))));
  }, []);
  return available;
}

export function Measurements(): ReactNode {
  const available = useCanMeasure();
  const options = useApiGet<SimulationOptions>('/v1/simulations/options');
  const [source, setSource] = useState<Source>('genai');
  const [dir, setDir] = useState('');
  const [url, setUrl] = useState('http://127.0.0.1:9090');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<MeasureResult>();

  // The server's own GenAI folder, unless the user has typed one already.
  const genaiDir = options.data?.genaiDir;
  useEffect(() => {
    if (genaiDir) setDir((d) => d || genaiDir);
  }, [genaiDir]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = source === 'genai' ? { genai: dir } : { prometheus: url, from, to };
      setResult(await api<MeasureResult>('/v1/measurements', { method: 'POST', body }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="from-telemetry">
      <h2 id="from-telemetry">From measured telemetry</h2>
      {available === false ? (
        <Notice kind="info">
          This server cannot measure yet (no <code>POST /v1/measurements</code>). Measured efficiency — the
          utilisation heat map from DCGM telemetry and the right-sizing result — comes with{' '}
          <code>hyperfleet measure</code>.
        </Notice>
      ) : null}
      {available ? (
        <form onSubmit={submit} className="measure-form">
          <fieldset className="kind">
            <legend>Telemetry</legend>
            {SOURCES.map((s) => (
              <label key={s.source}>
                <input
                  type="radio"
                  name="source"
                  checked={source === s.source}
                  onChange={() => setSource(s.source)}
                />{' '}
                {s.label}
              </label>
            ))}
          </fieldset>
          {source === 'genai' ? (
            <TextField
              label="Folder on the server"
              value={dir}
              onChange={setDir}
              placeholder="../shared/traces/alibaba-genai-v2026"
            />
          ) : (
            <div className="row">
              <TextField label="URL" value={url} onChange={setUrl} />
              <TextField label="From" value={from} onChange={setFrom} placeholder="2026-05-01T00:00:00Z" />
              <TextField label="To" value={to} onChange={setTo} placeholder="2026-05-08T00:00:00Z" />
            </div>
          )}
          {error ? <Notice kind="error">{error}</Notice> : null}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Measuring…' : 'Measure'}
          </button>
          <div aria-live="polite" className="sr-only">
            {busy ? 'Measuring' : result ? 'Measurement done' : ''}
          </div>
        </form>
      ) : null}
      {result ? <MeasureView result={result} /> : null}
    </section>
  );
}
