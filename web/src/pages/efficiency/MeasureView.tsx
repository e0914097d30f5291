/**
 * A measurement's result: where the device-hours went (allocated, busy, idle while allocated, unallocated),
 * energy and cost, right-sizing, the figures by accelerator model and by team, and the utilisation heat map.
 */
import { useMemo, type ReactNode } from 'react';
import { Chart } from '../../charts/Chart';
import { Assumptions } from '../../components/Assumptions';
import { DataTable } from '../../components/DataTable';
import { fmt, fmtInt, shareText } from '../../components/format';
import { Notice } from '../../components/Notice';
import { Stat } from '../../components/Stat';
import type { MeasureResult } from '../../types';
import { utilisationHeatOption } from './measure-heatmap';
import { RightSizing } from './RightSizing';

/** The heat map's height: a few pixels per device, within bounds. */
const heatHeight = (rows: number) => Math.min(720, Math.max(200, 6 * rows + 90));

export function MeasureView({ result }: { result: MeasureResult }): ReactNode {
  const dh = result.deviceHours;
  const hm = result.heatMap;
  const heat = useMemo(() => utilisationHeatOption(hm), [hm]);
  const models = Object.entries(result.perModel);
  const teams = Object.entries(result.perTeam);
  return (
    <div data-testid="measure-result">
      <p className="muted">
        {result.source}; {result.from} → {result.to}; {fmtInt(result.devices)} devices, {fmtInt(result.pods)}{' '}
        pods; idle = allocated with utilisation below {result.idleBelowPct} % for{' '}
        {fmt(result.idleForSec / 60, 0)} min or more.
      </p>
      <div className="stats">
        <Stat label="device-hours" value={fmtInt(dh.total)} />
        <Stat label="allocated" value={shareText(dh.allocated, dh.total)} />
        <Stat label="busy (utilisation-weighted)" value={shareText(dh.busy, dh.total)} />
        <Stat
          label="allocated but idle"
          value={shareText(dh.idle, dh.total)}
          hint={`${fmtInt(dh.idle)} device-h`}
        />
        <Stat
          label="unallocated"
          value={shareText(dh.unallocated, dh.total)}
          hint={`${fmtInt(result.unallocated.costUsd)} USD`}
        />
        <Stat label="energy" value={`${fmtInt(result.energyKWh)} kWh`} />
        <Stat label="cost" value={`${fmtInt(result.costUsd)} USD`} />
      </div>
      {result.rightSizing ? <RightSizing rs={result.rightSizing} /> : null}
      <DataTable
        caption="By accelerator model"
        showCaption
        columns={[
          'model',
          'devices',
          'allocated device-h',
          'busy device-h',
          'idle device-h',
          'mean util. %',
          'energy (kWh)',
          'cost (USD)',
          'unallocated cost (USD)',
        ]}
        rowKeys={models.map(([m]) => m)}
        rows={models.map(([m, f]) => [
          m,
          fmtInt(f.devices),
          fmtInt(f.deviceHours.allocated),
          fmtInt(f.deviceHours.busy),
          fmtInt(f.deviceHours.idle),
          fmt(f.meanUtilisationPct, 1),
          fmtInt(f.energyKWh),
          fmtInt(f.costUsd),
          fmtInt(f.unallocatedCostUsd),
        ])}
      />
      <DataTable
        caption={`By team (${result.teamLabel})`}
        showCaption
        columns={[
          'team',
          'pods',
          'allocated device-h',
          'busy device-h',
          'idle device-h',
          'idle share',
          'energy (kWh)',
          'cost (USD)',
          'idle cost (USD)',
        ]}
        rowKeys={teams.map(([t]) => t)}
        rows={teams.map(([t, f]) => [
          t,
          fmtInt(f.pods),
          fmt(f.deviceHours.allocated, 1),
          fmt(f.deviceHours.busy, 1),
          fmt(f.deviceHours.idle, 1),
          `${fmt(100 * f.idleFraction, 1)} %`,
          fmt(f.energyKWh, 1),
          fmt(f.costUsd, 0),
          fmt(f.idleCostUsd, 0),
        ])}
      />
      {hm.rows.length > 0 ? (
        <Chart
          types={['heatmap']}
          option={heat}
          label={`Utilisation heat map: mean utilisation % per device and ${fmt(hm.bucketSec / 60, 0)}-minute bucket${hm.omitted ? ` (${hm.omitted} devices not shown)` : ''}`}
          height={heatHeight(hm.rows.length)}
          testId="chart-measure-heatmap"
        />
      ) : (
        <Notice kind="empty">No utilisation samples in this window.</Notice>
      )}
      <Assumptions items={result.assumptions} />
    </div>
  );
}
