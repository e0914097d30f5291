/**
 * Fleet-over-time results of one run or several compared: queueing and completion times, where device-hours went,
 * energy and cost per policy, and allocation per accelerator model over time.
 */
import { useMemo, type ReactNode } from 'react';
import { Chart } from '../../charts/Chart';
import { Assumptions } from '../../components/Assumptions';
import { ComparisonTable } from '../../components/ComparisonTable';
import { fmtInt, fmtUsd, percentileHours, percentOf } from '../../components/format';
import type { TimeResult } from '../../types';
import { ResultsSection } from './ResultsSection';
import type { RunWith } from './run-status';
import { timelineOption } from './time-charts';

const COLUMNS = [
  'placed',
  'rejected',
  'queue p50 / p95 / p99 (h)',
  'JCT p50 / p95 / p99 (h)',
  'allocated %',
  'stranded %',
  'idle %',
  'energy (kWh)',
  'cost (USD)',
];

export function TimeResults({ runs }: { runs: RunWith<TimeResult>[] }): ReactNode {
  const key = runs.map((r) => r.id).join(',');
  // Recomputed when the set of runs changes (their results never change)
  const option = useMemo(() => timelineOption(runs), [key]);
  return (
    <ResultsSection
      id="time-results"
      title="Fleet over time"
      runs={runs}
      describe={(r) => `${r.fleet}; ${r.workload}`}
    >
      <ComparisonTable
        testId="time-summary"
        caption="Queueing, completion times, device-hours, energy and cost"
        columns={COLUMNS}
        runs={runs}
        rowsOf={(result) =>
          result.runs.map((r) => {
            const dh = r.deviceHours;
            return {
              policy: r.policy,
              cells: [
                fmtInt(r.placed),
                fmtInt(r.rejected),
                percentileHours(r.queueDelaySec),
                percentileHours(r.jctSec),
                percentOf(dh.allocated, dh.total),
                percentOf(dh.stranded, dh.total),
                percentOf(dh.idle, dh.total),
                fmtInt(r.energyKWh),
                fmtUsd(r.costUsd),
              ],
            };
          })
        }
      />
      <Chart
        types={['line']}
        option={option}
        label="Allocation per accelerator model over time"
        testId="chart-timeline"
      />
      <Assumptions items={runs[0].result.assumptions} />
      <p className="muted">
        Idle and stranded device-hours, energy and cost by model and team: see the Efficiency page.
      </p>
    </ResultsSection>
  );
}
