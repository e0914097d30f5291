/**
 * Files the CLI writes (`--report`, `--out`): a path that cannot be written is the user's mistake, named with the
 * option and the folder, exit 2, checked before the work starts; a written file is complete and leaves no
 * temporary file beside it.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

let dir: string;
let fleet: string;
let nodes: string;
let pods: string;

beforeAll(() => {
  dir = tempDir('hyperfleet-out-');
  fleet = join(dir, 'fleet.yaml');
  writeFileSync(
    fleet,
    'pools:\n  - { name: h20, accelerator: nvidia-h20, nodes: 2, devicesPerNode: 8, cpuMilli: 128000, memoryMiB: 1048576 }\n',
  );
  // A pod list of its own: a synthetic workload would need the shared openb trace, which a clone may not have.
  pods = join(dir, 'pods.csv');
  writeFileSync(
    pods,
    'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n' +
      Array.from(
        { length: 20 },
        (_, i) => `pod-${i},4000,8192,1,500,,LS,Running,${i * 600},${i * 600 + 3600},${i * 600}`,
      ).join('\n') +
      '\n',
  );
  nodes = join(dir, 'nodes.csv');
  writeFileSync(
    nodes,
    'sn,cpu_milli,memory_mib,gpu,model\nn0,96000,786432,8,V100M32\nn1,96000,786432,8,V100M32\n',
  );
});

const run = (report: string) => runCli(['run', '--fleet', fleet, '--workload', pods, '--report', report]);

describe('output files', () => {
  it('run --report in a folder that does not exist: exit 2 before simulating, naming option and folder', () => {
    const missing = join(dir, 'no-such-folder', 'r.html');
    const r = run(missing);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--report: folder ${join(dir, 'no-such-folder')} does not exist`);
    expect(r.stderr).not.toMatch(/simulating|internal error|^\s+at /m);
    expect(r.stdout).toBe('');
  });

  it('run --report naming a folder: exit 2, "is a folder"', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const r = run(folder);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--report: is a folder \(expected a file name\)/);
  });

  it('run --report in a place that is a file, not a folder: exit 2', () => {
    const r = run(join(fleet, 'r.html'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--report: ${fleet} is not a folder`);
  });

  it('a written report is complete and no temporary file is left', () => {
    const out = join(dir, 'written');
    mkdirSync(out);
    const r = run(join(out, 'r.html'));
    expect(r.status).toBe(0);
    expect(readdirSync(out)).toEqual(['r.html']);
    expect(readFileSync(join(out, 'r.html'), 'utf8')).toMatch(/<\/html>\s*$/);
  });

  it('fleet convert --out in a missing folder: exit 2, nothing written', () => {
    const r = runCli([
      'fleet',
      'convert',
      '--from',
      'openb',
      '--nodes',
      nodes,
      '--out',
      join(dir, 'nope', 'f.yaml'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out: folder .*nope does not exist/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('measure --report in a missing folder: exit 2 before measuring', () => {
    const r = runCli(['measure', '--genai', dir, '--report', join(dir, 'nope', 'm.html')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--report: folder .*nope does not exist/);
    expect(r.stderr).not.toMatch(/internal error|measuring/);
  });
});
