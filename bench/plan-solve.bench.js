// What: the planner's optimiser (src/plan, HiGHS MILP) on a seeded random instance of 20 chip types × 8 quarters
// × 50 services: whole nodes bought per chip and quarter, shares of owned nodes per service, with a power cap,
// per-quarter and total budgets and supply limits (a few chips export-restricted to 0 in some quarters).
// Why: issue 14's target is proven optimality (or a stated gap ≤ 0.1 %) in ≤ 2 s; HiGHS reports `Optimal` only
// within its relative MIP gap. Times the solve alone, binding constraints not priced. Median of 3 runs after one
// warm-up (the warm-up compiles the WebAssembly). Runs on dist/: `npm run build` first.
import { performance } from 'node:perf_hooks';
import { GoRand } from '../dist/rng/index.js';
import { solvePlanModel } from '../dist/plan/index.js';
import { median, printTable } from './support.js';

const CHIPS = 20;
const QUARTERS = 8;
const SERVICES = 50;
const TARGET_SEC = 2;

/** The instance: coefficients in the ranges of real parts (8-device nodes of 0.1–0.4 M USD, 8–15 kW). */
function instance(seed) {
  const rng = new GoRand(seed);
  const between = (lo, hi) => lo + (hi - lo) * rng.float64();
  const lines = Array.from({ length: SERVICES }, (_, l) => {
    const base = between(50, 500);
    const growth = between(0, 0.15);
    return {
      name: `svc${l}`,
      unit: 'requests/s',
      demand: Array.from({ length: QUARTERS }, (_, q) => base * (1 + growth) ** q),
    };
  });
  const chips = Array.from({ length: CHIPS }, (_, c) => {
    const speed = between(0.3, 2);
    const capacity = {};
    for (const line of lines) capacity[line.name] = rng.float64() < 0.2 ? 0 : speed * between(2, 6);
    const restricted = c % 7 === 3;
    const facilityKw = between(8, 15);
    return {
      accelerator: `chip-${c}`,
      devicesPerNode: 8,
      capitalUsd: Math.round(between(1e5, 4e5) * speed),
      energyUsdPerQuarter: facilityKw * 2190 * 0.08,
      facilityKw,
      capacity,
      existingNodes: c < 4 ? Math.round(between(0, 200)) : 0,
      buyable: true,
      supplyDevices: Array.from({ length: QUARTERS }, (_, q) =>
        restricted && q >= 4 ? 0 : Math.round(between(800, 4000)),
      ),
    };
  });
  return {
    quarters: QUARTERS,
    chips,
    lines,
    budget: { totalUsd: 2.5e9, perQuarterUsd: Array(QUARTERS).fill(5e8) },
    powerCapMW: 80,
  };
}

async function time(model, options) {
  const start = performance.now();
  const result = await solvePlanModel(model, options);
  return { sec: (performance.now() - start) / 1000, result };
}

const model = instance(20260114);
// The issue allows a stated gap of 0.1 %: the bench solves to it (the library's default is 0.01 %). Binding prices
// re-solve once per constraint near its limit and are left out of the timing.
const options = { mipRelGap: 1e-3, bindingPrices: false, timeLimitSec: 60 };
await time(model, options);
const runs = [];
let last;
for (let i = 0; i < 3; i++) {
  const t = await time(model, options);
  runs.push(t.sec);
  last = t.result;
}
const solve = median(runs);
printTable(
  `plan-solve: ${CHIPS} chips × ${QUARTERS} quarters × ${SERVICES} services (HiGHS ${last.solver.version})`,
  [
    ['status', last.status],
    ['objective', last.objectiveUsd === null ? '—' : `${(last.objectiveUsd / 1e9).toFixed(4)} bn USD`],
    ['nodes bought', String(last.chips.reduce((n, c) => n + c.nodesBought.reduce((a, b) => a + b, 0), 0))],
    ['gap', `≤ ${(last.solver.mipRelGap * 100).toFixed(2)} % (HiGHS stops as Optimal only within it)`],
    [
      'solve wall time (median of 3)',
      `${solve.toFixed(3)} s (target ≤ ${TARGET_SEC} s: ${solve <= TARGET_SEC ? 'met' : 'MISSED'})`,
    ],
  ],
);
