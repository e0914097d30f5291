/** The fleet-over-time part of the run form: fleet (an example or inline JSON), workload size, policies, queue. */
import type { ReactNode } from 'react';
import { bindFields, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import type { SimulationOptions } from '../../types';
import { PolicyChecks } from './PolicyChecks';
import { INLINE_FLEET, type TimeValues } from './run-request';

export function TimeFields({
  options,
  values,
  onChange,
}: {
  options: SimulationOptions;
  values: TimeValues;
  onChange: (patch: Partial<TimeValues>) => void;
}): ReactNode {
  const field = bindFields(values, onChange);
  return (
    <>
      {!options.timeWorkloadAvailable ? (
        <Notice kind="info">
          The server has no openb default trace to fit a synthetic workload to (hyperfleet traces fetch
          openb).
        </Notice>
      ) : null}
      <SelectField label="Fleet" {...field('fleet')}>
        <option value={INLINE_FLEET}>custom (JSON below)</option>
        {options.fleets.map((f) => (
          <option key={f} value={f}>
            example: {f}
          </option>
        ))}
      </SelectField>
      {values.fleet === INLINE_FLEET ? (
        <TextAreaField
          label="Fleet document (JSON, the fleet-file schema)"
          {...field('fleetText')}
          rows={7}
          spellCheck={false}
        />
      ) : null}
      <div className="row">
        <TextField label="Pods" {...field('pods')} type="number" min="1" />
        <TextField label="Days" {...field('days')} type="number" min="0.1" step="0.1" />
        <TextField label="Seed" {...field('seed')} type="number" />
      </div>
      <PolicyChecks all={options.policies.time} {...field('policies')} />
      <div className="row">
        <SelectField label="Queue" {...field('queue')}>
          <option value="backfill">backfill</option>
          <option value="fifo">fifo</option>
        </SelectField>
        <label className="check">
          <input
            type="checkbox"
            checked={values.preemption}
            onChange={(e) => onChange({ preemption: e.target.checked })}
          />{' '}
          preemption
        </label>
      </div>
    </>
  );
}
