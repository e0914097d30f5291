/** The fleet's headline figures: policy, size, GPU allocation and fragmentation (when the server knows it). */
import type { ReactNode } from 'react';
import { fmt, fmtInt } from '../../components/format';
import { Stat } from '../../components/Stat';
import type { FleetSummary } from '../../types';

export function FleetStats({
  summary,
  fromServer,
}: {
  summary: FleetSummary;
  /** The summary is the server's (not summed from the nodes here). */
  fromServer: boolean;
}): ReactNode {
  return (
    <div className="stats" data-testid="fleet-stats">
      {summary.policy ? <Stat label="policy" value={summary.policy} /> : null}
      <Stat label="nodes" value={fmtInt(summary.nodes)} />
      <Stat label="devices" value={fmtInt(summary.devices)} />
      <Stat label="GPU allocation" value={`${fmt(summary.gpuAllocationPercent)} %`} />
      <Stat
        label="fragmented GPUs"
        value={summary.fragAmountGpus === null ? '—' : fmt(summary.fragAmountGpus, 1)}
        hint={
          !fromServer
            ? 'this server has no /v1/fleet/summary'
            : summary.fragAmountGpus === null
              ? 'unknown: the server has no target workload (typical pods)'
              : undefined
        }
      />
      <Stat
        label="fragmented / idle"
        value={summary.fragRatioPercent === null ? '—' : `${fmt(summary.fragRatioPercent, 1)} %`}
      />
    </div>
  );
}
