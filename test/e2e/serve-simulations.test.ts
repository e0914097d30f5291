/**
 * Simulations through `hyperfleet serve` as users run it (the built CLI): they run on worker threads, so the
 * service keeps answering while a fleet-over-time simulation runs, and the result is the engine's, the same as
 * the time task run in this process on the same inputs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findOpenbFile } from '../../src/traces/locate.js';
import runTimeTask from '../../src/sim/time/time-task.js';
import { stringifyFleet, parseFleetText } from '../../src/fleet/fleet-file.js';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

const FLEET = {
  site: { pue: 1.3, electricityUsdPerKWh: 0.08 },
  pools: [
    {
      name: 'h20',
      accelerator: 'nvidia-h20',
      nodes: 40,
      devicesPerNode: 8,
      cpuMilli: 128000,
      memoryMiB: 1048576,
    },
    {
      name: 'a100',
      accelerator: 'nvidia-a100',
      nodes: 40,
      devicesPerNode: 8,
      cpuMilli: 96000,
      memoryMiB: 786432,
    },
  ],
};
const statsFile = findOpenbFile('openb_pod_list_default.csv');
let serve: ServeProcess | undefined;

afterEach(async () => {
  if (serve && serve.child.exitCode === null) await serve.stop('SIGTERM');
  serve = undefined;
});

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json' } });
  return (await res.json()) as T;
}

describe.skipIf(!statsFile)('simulations in hyperfleet serve', () => {
  it('run off the event loop: /healthz answers throughout, and the result is the engine’s', async () => {
    serve = await startServe(['--policy', 'bestfit', '--db', ':memory:']);
    const base = serve.address;
    const body = {
      kind: 'time',
      fleet: FLEET,
      workload: { pods: 40000, days: 7 },
      policies: ['fgd'],
      seed: 11,
    };
    const { id } = await json<{ id: string }>(`${base}/v1/simulations`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    // While it runs, the service must answer at once.
    let worst = 0;
    let probes = 0;
    let run: {
      status: string;
      error?: string;
      result?: { runs: { placed: number; energyKWh: number; deviceHours: unknown }[] };
    };
    for (;;) {
      const t0 = performance.now();
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      worst = Math.max(worst, performance.now() - t0);
      probes++;
      run = await json(`${base}/v1/simulations/${id}`);
      if (run.status === 'done' || run.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(run.error).toBeUndefined();
    expect(probes).toBeGreaterThan(3);
    // Generous for a loaded 2-core machine; a simulation on the event loop would hold it for seconds.
    expect(worst).toBeLessThan(500);

    const catalog = loadCatalog();
    const fleetText = stringifyFleet(parseFleetText(JSON.stringify(FLEET), 'inline fleet', catalog));
    const expected = await runTimeTask({
      fleet: fleetText,
      fleetName: 'inline fleet',
      workload: 'synthetic:pods=40000,days=7,seed=11',
      statsFile,
      policy: 'fgd',
      seed: 11,
    });
    expect(expected.placed).toBeGreaterThan(30000);
    expect(run.result!.runs[0].placed).toBe(expected.placed);
    expect(run.result!.runs[0].deviceHours).toEqual(expected.deviceHours);
    expect(run.result!.runs[0].energyKWh).toBe(expected.energyKWh);
  });
});
