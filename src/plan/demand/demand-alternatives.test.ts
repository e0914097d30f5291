/**
 * Demand lines given the other way: training as the jobs of a workload (summed per quarter by hand on a tiny
 * workload file), inference in tokens/s; the "exactly one" rule and the workload reader's errors at their lines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../catalog/index.js';
import { InputError } from '../../errors/index.js';
import { loadWorkload } from '../../workload/index.js';
import { announceSkip, sharedOpenbDir } from '../../../test/support/shared.js';
import { MAX_REQUEST_WORKLOAD_PODS, parseDemandText, readDemandFile } from './demand-file.js';
import { demandRequest, parseDemandRequest } from './demand-request.js';
import { DEFAULT_WORKLOAD_SEED, workloadDeviceHours } from './workload-demand.js';

const catalog = buildCatalog();
/** A request naming a file on the server as its workload. */
const REQUEST = {
  quarters: 1,
  site: { pue: 1.3, electricityUsdPerKWh: 0.08 },
  chips: [{ accelerator: 'nvidia-h20', devicesPerNode: 8, priceUsd: 12000 }],
  training: [
    { name: 'jobs', reference: 'nvidia-h100', kind: 'compute', workload: '/etc/passwd', utilisation: 0.8 },
  ],
};
const QUARTER_SEC = 2190 * 3600;

const HEAD = `quarters: 2
site: { pue: 1.3, electricityUsdPerKWh: 0.08 }
chips:
  - { accelerator: nvidia-h20, devicesPerNode: 8, priceUsd: 12000 }
`;
const TRAINING = (demand: string) =>
  `training:\n  - { name: jobs, reference: nvidia-h100, kind: compute, ${demand}, utilisation: 0.8 }\n`;
const INFERENCE = (demand: string) =>
  `inference:\n  - { name: chat, model: qwen3-32b, precision: bf16, inputTokens: 1000, outputTokens: 300,\n      ${demand}, slo: { ttftSec: 2, tpotSec: 0.1, percentile: 99 } }\n`;

const POD_HEADER =
  'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';
/** Pods in Q0 and Q1 (one exactly at Q1's start), a CPU-only pod, and a pod past the 2-quarter horizon. */
const PODS = [
  // Q0: 2 devices × 10 h = 20 device-hours.
  'p0,8000,16384,2,1000,,LS,Running,0,36000,0',
  // Q0: half a device × 2 h = 1 device-hour.
  'p1,4000,8192,1,500,,LS,Running,7000000,7007200,7000000',
  // CPU-only, arriving in Q0 and running into Q1: no device-hours.
  'p2,4000,8192,0,0,,LS,Running,100,8000000,100',
  // Q1 (arrives at exactly 2190 h): 4 devices × 3 h = 12 device-hours.
  `p3,8000,16384,4,1000,,LS,Running,${QUARTER_SEC},${QUARTER_SEC + 3 * 3600},${QUARTER_SEC}`,
  // Past the horizon (2 × 2190 h): counts nowhere.
  `p4,8000,16384,8,1000,,LS,Running,${2 * QUARTER_SEC + 1000},${2 * QUARTER_SEC + 4600},${2 * QUARTER_SEC + 1000}`,
];

function workspace(pods: string[] = PODS): string {
  const dir = mkdtempSync(join(tmpdir(), 'hf-demand-workload-'));
  writeFileSync(join(dir, 'pods.csv'), `${[POD_HEADER, ...pods].join('\n')}\n`);
  return dir;
}

async function issuesOf(run: Promise<unknown>): Promise<string[]> {
  try {
    await run;
  } catch (e) {
    if (e instanceof InputError) return e.message.split('\n');
    throw e;
  }
  throw new Error('no error');
}

describe('training demand as the jobs of a workload', () => {
  it('sums the reference device-hours of the pods arriving in each quarter, relative to the demand file', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'demand.yaml'), HEAD + TRAINING('workload: pods.csv'));
    const d = await readDemandFile(join(dir, 'demand.yaml'), catalog);
    expect(d.training[0].deviceHours).toEqual([21, 12]);
    expect(d.training[0].workload).toMatch(/pods\.csv \(5 pods/);
  });

  it('applies growthPerQuarter to the summed device-hours', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'demand.yaml'), HEAD + TRAINING('workload: pods.csv, growthPerQuarter: 0.5'));
    const d = await readDemandFile(join(dir, 'demand.yaml'), catalog);
    expect(d.training[0].deviceHours).toEqual([21, 12 * 1.5]);
  });

  it('names both fields when a line gives both, or neither', async () => {
    const both = await issuesOf(
      parseDemandText(HEAD + TRAINING('deviceHours: 100, workload: pods.csv'), 'demand.yaml', catalog),
    );
    expect(both).toEqual([
      'demand.yaml:6: training[0]: both deviceHours and workload are given, expected exactly one of deviceHours and workload',
    ]);
    const neither = await issuesOf(
      parseDemandText(HEAD + TRAINING('growthPerQuarter: 0'), 'demand.yaml', catalog),
    );
    expect(neither).toEqual([
      'demand.yaml:6: training[0]: neither deviceHours nor workload is given, expected exactly one of deviceHours and workload',
    ]);
  });

  it('names a missing workload file at its line', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'demand.yaml'), HEAD + TRAINING('workload: nope.csv'));
    const issues = await issuesOf(readDemandFile(join(dir, 'demand.yaml'), catalog));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /demand\.yaml:6: training\[0\]\.workload: workload file not found at .*nope\.csv/,
    );
  });

  it('gives the workload reader’s own message for a bad workload file, at the demand line', async () => {
    const dir = workspace(['p0,8000,16384,1,1000,,LS,Running,500,100,500']);
    writeFileSync(join(dir, 'demand.yaml'), HEAD + TRAINING('workload: pods.csv'));
    const issues = await issuesOf(readDemandFile(join(dir, 'demand.yaml'), catalog));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /^.*demand\.yaml:6: training\[0\]\.workload: .*pods\.csv:2: deletion_time: expected a time ≥ creation_time \(500\), got "100"$/,
    );
  });

  it('gives the synthetic spec reader’s own message for a bad spec, at the demand line', async () => {
    const issues = await issuesOf(
      parseDemandText(HEAD + TRAINING('workload: "synthetic:pods=0,days=1,seed=1"'), 'demand.yaml', catalog),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^demand\.yaml:6: training\[0\]\.workload: synthetic\.pods: .*got "0"/);
  });

  it('refuses a workload file in a request (a client never names a server path), and a huge synthetic one', async () => {
    const issues = await issuesOf(
      parseDemandRequest(
        demandRequest(
          {
            quarters: 1,
            site: { pue: 1.3, electricityUsdPerKWh: 0.08 },
            chips: [{ accelerator: 'nvidia-h20', devicesPerNode: 8, priceUsd: 12000 }],
            training: [
              {
                name: 'jobs',
                reference: 'nvidia-h100',
                kind: 'compute',
                workload: '/etc/passwd',
                utilisation: 0.8,
              },
            ],
          },
          'demand',
        ),
        catalog,
      ),
    );
    expect(issues).toEqual([
      'demand.training.0.workload: expected a synthetic spec: synthetic:pods=N,days=D,seed=S (a request names no file), got "/etc/passwd"',
    ]);
    const huge = await issuesOf(
      parseDemandRequest(
        demandRequest(
          { ...REQUEST, training: [{ ...REQUEST.training[0], workload: 'synthetic:pods=100000000,days=9' }] },
          'demand',
        ),
        catalog,
      ),
    );
    expect(huge).toEqual([
      `demand.training.0.workload: expected a synthetic workload of at most ${MAX_REQUEST_WORKLOAD_PODS} pods in a request, got "synthetic:pods=100000000,days=9"`,
    ]);
  });

  it('counts whole pods by arrival quarter, CPU-only pods as 0 and pods past the horizon nowhere', () => {
    const pod = (arrivalSec: number, gpuCount: number, gpuMilli: number, hours: number) => ({
      arrivalSec,
      gpuCount,
      gpuMilli,
      durationSec: hours * 3600,
    });
    expect(
      workloadDeviceHours(
        [
          pod(0, 1, 250, 8),
          pod(QUARTER_SEC - 1, 2, 1000, 1000),
          pod(10, 0, 0, 50),
          pod(QUARTER_SEC, 8, 1000, 1),
        ],
        1,
      ),
    ).toEqual([2 + 2000]);
  });
});

const openb = announceSkip(
  sharedOpenbDir(),
  '[demand-alternatives] a synthetic workload (openb default trace)',
);
describe.skipIf(!openb)('training demand as a synthetic workload', () => {
  it('sums the generated pods of the spec, all of them within its days', async () => {
    const spec = 'synthetic:pods=300,days=20,seed=5';
    const d = await parseDemandText(HEAD + TRAINING(`workload: "${spec}"`), 'demand.yaml', catalog);
    const { pods } = await loadWorkload(spec, DEFAULT_WORKLOAD_SEED);
    let byHand = 0;
    for (const p of pods) byHand += (p.gpuCount * p.gpuMilli * p.durationSec) / 1000 / 3600;
    expect(byHand).toBeGreaterThan(0);
    expect(d.training[0].deviceHours[0]).toBeCloseTo(byHand, 6);
    expect(d.training[0].deviceHours[1]).toBe(0);
    expect(d.training[0].workload).toMatch(/^synthetic: 300 pods over 20 days, seed 5/);
  });
});

describe('inference demand in tokens/s', () => {
  it('resolves to requests/s = tokens/s ÷ (input + output tokens), growth after', async () => {
    const d = await parseDemandText(
      HEAD + INFERENCE('peakTokensPerSec: [1300, 6500], growthPerQuarter: 0.1'),
      'demand.yaml',
      catalog,
    );
    expect(d.inference[0].peakRequestsPerSec[0]).toBeCloseTo(1, 12);
    expect(d.inference[0].peakRequestsPerSec[1]).toBeCloseTo(5 * 1.1, 12);
    const one = await parseDemandText(HEAD + INFERENCE('peakTokensPerSec: 2600'), 'demand.yaml', catalog);
    expect(one.inference[0].peakRequestsPerSec).toEqual([2, 2]);
  });

  it('names both fields when a service gives both, or neither, and checks the list length', async () => {
    expect(
      await issuesOf(
        parseDemandText(
          HEAD + INFERENCE('peakRequestsPerSec: 1, peakTokensPerSec: 1300'),
          'demand.yaml',
          catalog,
        ),
      ),
    ).toEqual([
      'demand.yaml:6: inference[0]: both peakRequestsPerSec and peakTokensPerSec are given, expected exactly one of peakRequestsPerSec and peakTokensPerSec',
    ]);
    expect(
      await issuesOf(parseDemandText(HEAD + INFERENCE('growthPerQuarter: 0'), 'demand.yaml', catalog)),
    ).toEqual([
      'demand.yaml:6: inference[0]: neither peakRequestsPerSec nor peakTokensPerSec is given, expected exactly one of peakRequestsPerSec and peakTokensPerSec',
    ]);
    const issues = await issuesOf(
      parseDemandText(HEAD + INFERENCE('peakTokensPerSec: [1, 2, 3]'), 'demand.yaml', catalog),
    );
    expect(issues[0]).toMatch(/^demand\.yaml:7: inference\[0\]\.peakTokensPerSec: expected 2 entries/);
  });
});
