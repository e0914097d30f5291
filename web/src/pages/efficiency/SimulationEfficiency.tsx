/**
 * The efficiency of one policy's run in a time simulation: where its device-hours went (allocated, stranded,
 * idle), energy and cost, per accelerator model and per team, queueing and completion times, and the heat map;
 * the per-policy charts set it beside the simulation's other policies.
 */
import { useMemo, type ReactNode } from 'react';
import { Chart } from '../../charts/Chart';
import { DataTable } from '../../components/DataTable';
import { fmt, fmtInt, fmtUsd, percentileHours, shareText } from '../../components/format';
import { Notice } from '../../components/Notice';
import { Stat } from '../../components/Stat';
import type { TimeResult, TimeRun } from '../../types';
import {
  allocationHeatOption,
  byModelOption,
  byPolicyOption,
  byTeamOption,
  latencyOption,
  teamsByHours,
} from './simulation-charts';

/** Room for `rows` bars or heat-map rows, with a floor. */
const heightFor = (rows: number, perRow: number, extra: number, min: number) =>
  Math.max(min, perRow * rows + extra);

export function SimulationEfficiency({
  result,
  current,
}: {
  result: TimeResult;
  current: TimeRun;
}): ReactNode {
  const dh = current.deviceHours;
  const charts = useMemo(() => {
    const teams = teamsByHours(current);
    return {
      byPolicy: byPolicyOption(result),
      byModel: byModelOption(current),
      byTeam: byTeamOption(teams),
      latency: latencyOption(result),
      heat: allocationHeatOption(current),
      teams,
    };
  }, [result, current]);
  const models = Object.keys(current.perModel);

  return (
    <div className="efficiency-body">
      <div className="stats" data-testid="efficiency-stats">
        <Stat
          label="device-hours"
          value={fmtInt(dh.total)}
          hint={`${current.devices} devices × ${fmt(current.horizonSec / 3600, 1)} h`}
        />
        <Stat label="allocated" value={shareText(dh.allocated, dh.total)} />
        <Stat
          label="stranded (fragmented)"
          value={shareText(dh.stranded, dh.total)}
          hint={`${fmtInt(dh.stranded)} device-h`}
        />
        <Stat label="idle" value={shareText(dh.idle, dh.total)} hint={`${fmtInt(dh.idle)} device-h`} />
        <Stat label="energy" value={`${fmtInt(current.energyKWh)} kWh`} />
        <Stat
          label="cost"
          value={current.costUsd === null ? 'unknown' : `${fmtInt(current.costUsd)} USD`}
          hint={
            `capital ${fmtUsd(current.capitalUsd)}, energy ${fmtInt(current.energyUsd)}` +
            (current.unpricedPools.length > 0
              ? `; no price for pool ${current.unpricedPools.join(', ')}`
              : '')
          }
        />
      </div>
      <div className="chart-grid two">
        <Chart
          types={['bar']}
          option={charts.byPolicy}
          label="Device-hours by state, per policy"
          height={heightFor(result.runs.length, 40, 60, 160)}
          testId="chart-dh-policy"
        />
        <Chart
          types={['bar']}
          option={charts.latency}
          label="Queueing delay and job completion time percentiles (hours), per policy"
          testId="chart-latency"
        />
      </div>
      <h3>By accelerator model ({current.policy})</h3>
      <DataTable
        testId="model-efficiency"
        caption="Device-hours, energy and cost by accelerator model"
        columns={[
          'model',
          'devices',
          'allocated device-h',
          'stranded device-h',
          'idle device-h',
          'energy (kWh)',
          'cost (USD)',
        ]}
        rowKeys={models}
        rows={models.map((m) => {
          const f = current.perModel[m];
          return [
            m,
            fmtInt(f.devices),
            fmtInt(f.deviceHours.allocated),
            fmtInt(f.deviceHours.stranded),
            fmtInt(f.deviceHours.idle),
            fmtInt(f.energyKWh),
            fmtUsd(f.costUsd),
          ];
        })}
      />
      <div className="chart-grid two">
        <Chart
          types={['bar']}
          option={charts.byModel}
          label="Device-hours by state, per accelerator model"
          height={heightFor(models.length, 40, 60, 160)}
          testId="chart-dh-model"
        />
        {charts.teams.length > 0 ? (
          <Chart
            types={['bar']}
            option={charts.byTeam}
            label="Allocated device-hours by team"
            height={heightFor(charts.teams.length, 24, 40, 160)}
            testId="chart-teams"
          />
        ) : (
          <Notice kind="empty">This workload has no teams.</Notice>
        )}
      </div>
      <Chart
        types={['heatmap']}
        option={charts.heat}
        label="Utilisation heat map: allocation % per accelerator model and hour"
        height={heightFor(Object.keys(current.timeline.allocationPct).length, 36, 100, 180)}
        testId="chart-heatmap"
      />
      <p className="muted">
        Queueing p50/p95/p99: {percentileHours(current.queueDelaySec)} h; completion time:{' '}
        {percentileHours(current.jctSec)} h. Team costs need measured telemetry (below); the simulator
        attributes device-hours to teams.
      </p>
    </div>
  );
}
