/**
 * Time workloads from openb pod CSVs: arrival and duration from the times, censored pods flagged, bad files
 * refused with the line and field (messages pinned), and the real default trace when the offline copy is there.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, InputError } from '../errors/index.js';
import { announceSkip, sharedOpenbDir } from '../../test/support/shared.js';
import { loadWorkloadFile } from './workload-file.js';

const HEADER =
  'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hf-workload-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function fixture(name: string, ...lines: string[]): Promise<string> {
  const path = join(tmp, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return `${(e as InputError).code}\n${(e as InputError).message.split(tmp).join('<tmp>')}`;
  }
  throw new Error('loaded');
}

describe('loadWorkloadFile', () => {
  it('arrives at creation − first creation, runs deletion − creation, and flags pods running at the end', async () => {
    const file = await fixture(
      'ok.csv',
      HEADER,
      'a,4000,8192,1,500,,LS,Running,1000,1600,1001',
      'b,8000,16384,2,1000,V100M32,BE,Running,1200,,1210',
      'c,2000,4096,0,0,,LS,Succeeded,1100,5000,1100',
      'd,2000,4096,1,1000,,LS,Running,1300,5000,1300',
    );
    const w = await loadWorkloadFile(file);
    expect(w.originSec).toBe(1000);
    expect(w.endSec).toBe(5000);
    expect(w.censored).toBe(3);
    expect(w.pods.map((p) => [p.name, p.arrivalSec, p.durationSec, p.censored])).toEqual([
      ['a', 0, 600, false],
      ['b', 200, 3800, true], // no deletion time: runs until the end of the trace
      ['c', 100, 3900, true], // deleted at the last time seen: indistinguishable from still running
      ['d', 300, 3700, true],
    ]);
    expect(w.pods[1]).toMatchObject({ gpuCount: 2, gpuMilli: 1000, gpuTypes: ['V100M32'], qos: 'BE' });
  });

  it('refuses a pod list without times, and pods without creation time or deleted before creation', async () => {
    const noTimes = await fixture(
      '5col.csv',
      'name,cpu_milli,memory_mib,num_gpu,gpu_milli',
      'a,1000,1024,1,1000',
    );
    expect(await failure(loadWorkloadFile(noTimes))).toMatchInlineSnapshot(`
      "HF_MISSING_COLUMN
      <tmp>/5col.csv:1: creation_time: a time workload needs creation_time (and deletion_time) for every pod; this pod list has none"
    `);
    const bad = await fixture(
      'bad.csv',
      HEADER,
      'a,4000,8192,1,500,,LS,Running,1000,1600,1001',
      'b,4000,8192,1,500,,LS,Running,,1600,',
      'c,4000,8192,1,500,,LS,Running,2000,1500,',
    );
    expect(await failure(loadWorkloadFile(bad))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      <tmp>/bad.csv:3: creation_time: expected the pod creation time in seconds, got ""
      <tmp>/bad.csv:4: deletion_time: expected a time ≥ creation_time (2000), got "1500""
    `);
  });

  it('passes the loader’s own errors through', async () => {
    const file = await fixture('junk.csv', HEADER, 'a,lots,8192,1,500,,LS,Running,1000,1600,1001');
    expect(await failure(loadWorkloadFile(file))).toContain(ErrorCode.InvalidField);
  });
});

const dir = announceSkip(sharedOpenbDir(), '[workload-file] the real default trace');
describe.skipIf(!dir)('loadWorkloadFile on the real openb default trace', () => {
  it('loads 8,152 pods from t = 0 with the 34 pods running at the collection end censored', async () => {
    const w = await loadWorkloadFile(join(dir!, 'openb_pod_list_default.csv'));
    expect(w.pods).toHaveLength(8152);
    expect(w.originSec).toBe(0);
    expect(w.endSec).toBe(12_902_960);
    expect(w.censored).toBe(34);
    expect(Math.max(...w.pods.map((p) => p.arrivalSec + p.durationSec))).toBe(12_902_960);
    expect(w.pods.every((p) => p.durationSec >= 0)).toBe(true);
  });
});
