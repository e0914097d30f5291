/**
 * A tiny GenAI-format trace whose figures are known by construction (see test/e2e/measure-genai.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const S = 60;
const T0 = 1_700_000_040; // a multiple of 60

/** Pod a: 60 samples at 2 % (an idle hour) then 60 at 50 %; pod b: 40 samples alternating 0/10 % (never idle). */
export function writeGenaiTrace(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const duty = ['value,timestamp_anon,container_ip'];
  const mem = ['timestamp_anon,value,container_ip'];
  for (let k = 0; k < 120; k++) {
    duty.push(`${k < 60 ? 2 : 50}.0,${T0 + k * S}.0,aaa`);
    mem.push(`${T0 + k * S}.0,${(k < 60 ? 4 : 8) * 2 ** 30},aaa`);
  }
  for (let k = 0; k < 40; k++) {
    duty.push(`${k % 2 ? 10 : 0}.0,${T0 + k * S}.0,bbb`);
    mem.push(`${T0 + k * S}.0,${2 * 2 ** 30},bbb`);
  }
  writeFileSync(join(dir, 'pod_gpu_duty_cycle_anon.csv'), duty.join('\n') + '\n');
  writeFileSync(join(dir, 'pod_gpu_memory_used_bytes_anon.csv'), mem.join('\n') + '\n');
  writeFileSync(
    join(dir, 'qps.csv'),
    `timestamp_anon,value,container_ip,request_type\n${T0}.0,0.5,aaa,Generative Requests\n`,
  );
}
