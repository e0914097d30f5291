/**
 * Deterministic made-up economics for tests of the fleet-aware policies: every device model gets a speed, power
 * and price derived from its position in the list, so models differ and the policies have something to weigh.
 */
import type { NodeSpec } from '../../src/model/node.js';
import type { FleetEconomics, ModelEconomics } from '../../src/policies/economics.js';

export function testEconomics(nodes: readonly Pick<NodeSpec, 'gpuModel'>[]): FleetEconomics {
  const models = [...new Set(nodes.map((n) => n.gpuModel))].sort();
  return new Map<string, ModelEconomics>(
    models.map((m, i) => [
      m,
      {
        computeSpeed: 0.5 + i * 0.4,
        memorySpeed: 1.2 - i * 0.15,
        dynamicW: 150 + i * 90,
        usdPerDeviceHour: 0.5 + i * 0.7,
      },
    ]),
  );
}
