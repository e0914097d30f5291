// The fleet of the scale benchmarks (time-scale, scale): mixed accelerator models, described by counts.
import { validateFleet } from '../dist/fleet/fleet-schema.js';

/** A mixed fleet of about `accelerators` devices: H20 (40 %), Zhenwu 810E (30 %) and A100 (30 %) nodes of 8. */
export function scaleFleet(accelerators) {
  const nodes = Math.round(accelerators / 8);
  const shares = [
    ['h20', 'nvidia-h20', 0.4],
    ['zw', 't-head-zhenwu-810e', 0.3],
    ['a100', 'nvidia-a100', 0.3],
  ];
  let left = nodes;
  const pools = shares.map(([name, accelerator, share], i) => {
    const count = i === shares.length - 1 ? left : Math.round(nodes * share);
    left -= count;
    return {
      name,
      accelerator,
      nodes: count,
      devicesPerNode: 8,
      cpuMilli: 128000,
      memoryMiB: 1048576,
      capex: { usdPerDevice: 12000 },
    };
  });
  const validated = validateFleet({ site: { pue: 1.3, electricityUsdPerKWh: 0.08 }, pools });
  if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
  return validated.fleet;
}
