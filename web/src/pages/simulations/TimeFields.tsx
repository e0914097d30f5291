/** The fleet-over-time part of the run form: fleet (an example or inline JSON), workload size, policies, queue. */
import type { ReactNode } from 'react';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
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
  return (
    <>
      {!options.timeWorkloadAvailable ? (
        <Notice kind="info">
          The server has no openb default trace to fit a synthetic workload to (hyperfleet traces fetch
          openb).
        </Notice>
      ) : null}
      <SelectField label="Fleet" name="fleet" value={values.fleet} onChange={(fleet) => onChange({ fleet })}>
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
          name="fleetText"
          rows={7}
          value={values.fleetText}
          onChange={(fleetText) => onChange({ fleetText })}
          spellCheck={false}
        />
      ) : null}
      <div className="row">
        <TextField
          label="Pods"
          name="pods"
          type="number"
          min="1"
          value={values.pods}
          onChange={(pods) => onChange({ pods })}
        />
        <TextField
          label="Days"
          name="days"
          type="number"
          min="0.1"
          step="0.1"
          value={values.days}
          onChange={(days) => onChange({ days })}
        />
        <TextField
          label="Seed"
          name="seed"
          type="number"
          value={values.seed}
          onChange={(seed) => onChange({ seed })}
        />
      </div>
      <PolicyChecks
        all={options.policies.time}
        value={values.policies}
        onChange={(policies) => onChange({ policies })}
      />
      <div className="row">
        <SelectField
          label="Queue"
          name="queue"
          value={values.queue}
          onChange={(queue) => onChange({ queue })}
        >
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
