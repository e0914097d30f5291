/** Per-model totals from the node list, for servers without /v1/fleet/summary (no fragmentation then). */
import type { FleetNode, FleetSummary } from '../../types';

export function summaryFromNodes(nodes: FleetNode[], gpuAllocationPercent: number): FleetSummary {
  const perModel: FleetSummary['perModel'] = {};
  let devices = 0;
  for (const n of nodes) {
    if (n.gpuCount === 0) continue;
    const m = (perModel[n.model] ??= { nodes: 0, devices: 0, allocatedMilli: 0, allocationPercent: 0 });
    m.nodes++;
    m.devices += n.gpuCount;
    m.allocatedMilli += n.gpuMilliLeft.reduce((s, left) => s + (1000 - left), 0);
    devices += n.gpuCount;
  }
  for (const m of Object.values(perModel))
    m.allocationPercent = (100 * m.allocatedMilli) / (m.devices * 1000);
  return {
    nodes: nodes.length,
    devices,
    gpuAllocationPercent,
    fragAmountGpus: null,
    fragRatioPercent: null,
    perModel,
  };
}
