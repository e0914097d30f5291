/**
 * The form that submits a demand: the demand document (prefilled with the small example) and the solver options
 * the API accepts. A refused demand shows the server's reason and, one per line, the fields at fault.
 */
import { useState, type ReactNode } from 'react';
import { api } from '../../api';
import { TextAreaField, TextField } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { INITIAL_PLAN_VALUES, PLAN_OPTIONS, planRequest, type PlanFormValues } from './plan-request';

export function PlanForm({ onSubmitted }: { onSubmitted: (id: string) => void }): ReactNode {
  const [values, setValues] = useState<PlanFormValues>(INITIAL_PLAN_VALUES);
  const setOption = (field: string, value: string) =>
    setValues((v) => ({ ...v, options: { ...v.options, [field]: value } }));

  const { submit, busy, error } = useFormSubmit(
    () => planRequest(values),
    async (body) => {
      const { id } = await api<{ id: string }>('/v1/plans', { method: 'POST', body });
      onSubmitted(id);
    },
  );

  return (
    <form onSubmit={submit} aria-describedby={error ? 'plan-form-error' : undefined}>
      <TextAreaField
        label="Demand and constraints (JSON, the demand-file schema)"
        name="demand"
        value={values.demandText}
        onChange={(demandText) => setValues((v) => ({ ...v, demandText }))}
        rows={16}
        spellCheck={false}
      />
      <div className="row">
        {PLAN_OPTIONS.map((o) =>
          o.kind === 'boolean' ? (
            <label key={o.field} className="check">
              <input
                type="checkbox"
                name={o.field}
                checked={values.options[o.field] === 'true'}
                onChange={(e) => setOption(o.field, String(e.target.checked))}
              />{' '}
              {o.label}
            </label>
          ) : (
            <TextField
              key={o.field}
              label={o.label}
              name={o.field}
              value={values.options[o.field] ?? ''}
              onChange={(value) => setOption(o.field, value)}
              inputMode="decimal"
              title={o.hint}
            />
          ),
        )}
      </div>
      {error ? <FormError id="plan-form-error" error={error} /> : null}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Submitting…' : 'Plan'}
      </button>
    </form>
  );
}
