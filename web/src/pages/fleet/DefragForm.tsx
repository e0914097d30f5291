/**
 * The "make room" form: a what-if pod (GPUs, milli per GPU, CPU, memory, the device models it accepts) and the
 * most moves, sent to `POST /v1/defrag` — a dry run that changes nothing. The models offered are the fleet's own;
 * none ticked means any. A refused request shows the server's reason and the fields at fault.
 */
import { useState, type ReactNode } from 'react';
import { api } from '../../api';
import { bindFields, TextField } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import type { DefragPlan } from '../../types';
import { defragRequest, INITIAL_DEFRAG_VALUES, type DefragFormValues } from './defrag-request';

export function DefragForm({
  models,
  onPlan,
}: {
  /** The fleet's device models. */
  models: string[];
  onPlan: (plan: DefragPlan) => void;
}): ReactNode {
  const [values, setValues] = useState<DefragFormValues>(INITIAL_DEFRAG_VALUES);
  const field = bindFields(values, (patch) => setValues((v) => ({ ...v, ...patch })));
  const toggleModel = (model: string, on: boolean) =>
    setValues((v) => ({
      ...v,
      gpuModels: on ? [...v.gpuModels, model] : v.gpuModels.filter((m) => m !== model),
    }));

  const { submit, busy, error } = useFormSubmit(
    () => defragRequest(values),
    async (body) => onPlan(await api<DefragPlan>('/v1/defrag', { method: 'POST', body })),
  );

  return (
    <form onSubmit={submit} aria-describedby={error ? 'defrag-form-error' : undefined}>
      <div className="row">
        <TextField label="GPUs" inputMode="numeric" {...field('gpuCount')} />
        <TextField
          label="Milli per GPU"
          inputMode="numeric"
          title="1000 = whole devices; less shares one device"
          {...field('gpuMilli')}
        />
        <TextField label="CPU (milli-cores)" inputMode="numeric" {...field('cpuMilli')} />
        <TextField label="Memory (MiB)" inputMode="numeric" {...field('memMiB')} />
        <TextField label="Max moves" inputMode="numeric" title="0–16" {...field('maxMoves')} />
      </div>
      {models.length > 0 ? (
        <fieldset className="models">
          <legend>Allowed models (none ticked: any)</legend>
          {models.map((m) => (
            <label key={m}>
              <input
                type="checkbox"
                name="gpuModels"
                value={m}
                checked={values.gpuModels.includes(m)}
                onChange={(e) => toggleModel(m, e.target.checked)}
              />
              {m}
            </label>
          ))}
        </fieldset>
      ) : null}
      <label className="check">
        <input
          type="checkbox"
          name="allowGuaranteed"
          checked={values.allowGuaranteed}
          onChange={(e) => setValues((v) => ({ ...v, allowGuaranteed: e.target.checked }))}
        />{' '}
        let Guaranteed pods move
      </label>
      {error ? <FormError id="defrag-form-error" error={error} /> : null}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Planning…' : 'Find moves'}
      </button>
    </form>
  );
}
