/** Trace-replay results of one run or several compared: the summary table and the three curves of the paper. */
import { useMemo, type ReactNode } from 'react';
import { Chart } from '../../charts/Chart';
import { ComparisonTable } from '../../components/ComparisonTable';
import { fmt } from '../../components/format';
import type { PaperResult } from '../../types';
import { paperCurve } from './paper-charts';
import { ResultsSection } from './ResultsSection';
import type { RunWith } from './run-status';

const COLUMNS = [
  'alloc. % at 100 %',
  'alloc. % at 130 %',
  'frag. % of capacity at 100 %',
  'frag./idle % at 100 %',
  'failed pods',
  'paper at 100 %',
  'paper at 130 %',
];

export function PaperResults({ runs }: { runs: RunWith<PaperResult>[] }): ReactNode {
  const key = runs.map((r) => r.id).join(',');
  // Recomputed when the set of runs changes (their results never change)
  const charts = useMemo(
    () => ({
      allocation: paperCurve(runs, 'allocation', 'GPU allocation (%)'),
      fragAmount: paperCurve(runs, 'fragAmount', 'fragmented GPU (% of capacity)'),
      fragRatio: paperCurve(runs, 'fragRatio', 'fragmented / idle GPU (%)'),
    }),
    [key],
  );
  return (
    <ResultsSection
      id="paper-results"
      title="Trace replay results"
      runs={runs}
      describe={(r) => `${r.trace}; tune ${r.tune}; seeds ${r.seeds.join(', ')}`}
    >
      <ComparisonTable
        testId="paper-summary"
        caption="GPU allocation and fragmentation, mean over seeds"
        columns={COLUMNS}
        runs={runs}
        rowsOf={(result) =>
          result.summary.map((s) => ({
            policy: s.policy,
            cells: [
              fmt(s.allocationAt100),
              fmt(s.allocationAt130),
              fmt(s.fragAmountAt100),
              fmt(s.fragRatioAt100),
              fmt(s.failedPods, 0),
              fmt(s.paperAt100),
              fmt(s.paperAt130),
            ],
          }))
        }
      />
      <div className="chart-grid">
        <Chart
          types={['line']}
          {...charts.allocation}
          label="GPU allocation versus arrived workload"
          testId="chart-allocation"
        />
        <Chart
          types={['line']}
          {...charts.fragAmount}
          label="Fragmented GPU capacity versus arrived workload"
          testId="chart-frag"
        />
        <Chart
          types={['line']}
          {...charts.fragRatio}
          label="Fragmentation ratio versus arrived workload"
          testId="chart-fragratio"
        />
      </div>
    </ResultsSection>
  );
}
