/** The right-sizing result of a measurement: devices now and needed, what that saves, and what backs it. */
import type { ReactNode } from 'react';
import { fmtInt } from '../../components/format';
import { Stat } from '../../components/Stat';
import type { MeasureResult } from '../../types';

export function RightSizing({ rs }: { rs: NonNullable<MeasureResult['rightSizing']> }): ReactNode {
  return (
    <section aria-labelledby="right-sizing" className="right-sizing" data-testid="right-sizing">
      <h3 id="right-sizing">Right-sizing</h3>
      <div className="stats">
        <Stat label="devices at peak, now" value={fmtInt(rs.devicesBefore)} />
        <Stat label="devices needed, right-sized" value={fmtInt(rs.devicesAfter)} />
        <Stat label="devices saved" value={fmtInt(rs.devicesSaved)} />
        <Stat
          label="saved per month"
          value={`${fmtInt(rs.savingsPerMonth.costUsd)} USD`}
          hint={`capital ${fmtInt(rs.savingsPerMonth.capitalUsd)}, energy ${fmtInt(rs.savingsPerMonth.energyKWh)} kWh`}
        />
      </div>
      <p className="muted">
        Backed by {rs.simulations} placement simulations ({rs.policy}): each pod's share sized to its p
        {Math.round(rs.percentile * 100)} utilisation and peak memory plus {Math.round(rs.headroom * 100)} %
        headroom, replayed on the fleet.
      </p>
      {rs.notes.length > 0 ? (
        <ul className="muted">
          {rs.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
