/** One checkbox per policy, each with its colour; the ticked ones are kept in the order of `all`. */
import type { ReactNode } from 'react';
import { PolicyName } from '../../components/PolicyName';

export function PolicyChecks({
  all,
  value,
  onChange,
}: {
  all: string[];
  value: string[];
  onChange: (v: string[]) => void;
}): ReactNode {
  return (
    <fieldset className="policies">
      <legend>Policies</legend>
      {all.map((p) => (
        <label key={p} className="check">
          <input
            type="checkbox"
            name="policy"
            value={p}
            checked={value.includes(p)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? all.filter((x) => x === p || value.includes(x))
                  : value.filter((x) => x !== p),
              )
            }
          />
          <PolicyName policy={p} />
        </label>
      ))}
    </fieldset>
  );
}
