/** The trace-replay part of the run form: trace, policies, seeds and tune. */
import type { ReactNode } from 'react';
import { bindFields, SelectField, TextField } from '../../components/Field';
import type { SimulationOptions } from '../../types';
import { PolicyChecks } from './PolicyChecks';
import type { PaperValues } from './run-request';

export function PaperFields({
  options,
  values,
  onChange,
}: {
  options: SimulationOptions;
  values: PaperValues;
  onChange: (patch: Partial<PaperValues>) => void;
}): ReactNode {
  const field = bindFields(values, onChange);
  return (
    <>
      <SelectField label="Trace" {...field('workload')}>
        {options.defaultTraceIsSynthetic ? null : <option value="default">openb default</option>}
        {options.workloads
          .filter((w) => w.name !== 'default')
          .map((w) => (
            <option key={w.name} value={w.name}>
              {w.synthetic ? 'synthetic (built-in, not the paper’s trace)' : `openb ${w.name}`}
            </option>
          ))}
      </SelectField>
      <PolicyChecks all={options.policies.paper} {...field('policies')} />
      <div className="row">
        <TextField label="Seeds" {...field('seeds')} placeholder="42-44" aria-describedby="seeds-hint" />
        <TextField label="Tune" {...field('tune')} type="number" step="0.1" min="0.1" />
      </div>
      <p id="seeds-hint" className="hint">
        Seeds: one (42), a range (42-51) or a list (42,45). Tune: total GPU request ≈ tune × capacity.
      </p>
    </>
  );
}
