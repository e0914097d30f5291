/**
 * The GenAI trace CSVs: rows read against their declared columns, and the full message of each kind of bad input
 * (pinned: it is the interface). The whole source is exercised end to end by test/e2e/measure-genai.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { GenaiSource } from './genai-source.js';
import { parseTraceCsv, readTraceCsv } from './trace-csv.js';

const HEADER = 'value,timestamp_anon,container_ip';

/** The samples of a duty-cycle CSV as [value, time, pod] triples. */
function samples(text: string): [number, number, string][] {
  const out: [number, number, string][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'hf-genai-'));
  writeFileSync(join(dir, 'pod_gpu_duty_cycle_anon.csv'), text);
  const csv = readTraceCsv(dir, 'pod_gpu_duty_cycle_anon')!;
  parseTraceCsv(
    csv,
    {
      what: 'a GenAI duty-cycle trace',
      columns: {
        value: { required: true, expected: 'a number', parse: Number },
        timestamp_anon: { required: true, expected: 'a number', parse: Number },
        container_ip: { required: true, expected: 'text', parse: (raw) => raw },
      },
    },
    (row) => out.push([row.value, row.timestamp_anon, row.container_ip]),
  );
  return out;
}

/** The InputError of collecting a trace folder holding `duty` as its duty-cycle CSV, as code + message. */
async function failure(duty: string, memory = `${HEADER}\n`): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hf-genai-'));
  writeFileSync(join(dir, 'pod_gpu_duty_cycle_anon.csv'), duty);
  writeFileSync(join(dir, 'pod_gpu_memory_used_bytes_anon.csv'), memory);
  const source = new GenaiSource({ dir, accelerator: 'nvidia-l20', devicesPerNode: 8 });
  try {
    await source.collect({
      stepSec: 0,
      idleForSec: 1800,
      idleBelowPct: 5,
      percentile: 0.95,
      heatColumns: 10,
      heatMaxRows: 10,
    });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `${e.code}\n${e.message.replaceAll(`${dir}/`, '')}`;
  }
  throw new Error('expected an InputError');
}

describe('GenAI trace CSVs', () => {
  it('reads rows by column name, in any column order, quoted or with CRLF line ends', () => {
    const expected = [
      [2, 60, 'a'],
      [50, 120, 'b'],
    ];
    expect(samples(`${HEADER}\n2,60,a\n50,120,b\n`)).toEqual(expected);
    expect(samples('container_ip,value,timestamp_anon\r\n"a",2,60\r\nb,50,"120"\r\n')).toEqual(expected);
  });

  it('bad values: out of range, not a number, an empty pod id', async () => {
    expect(await failure(`${HEADER}\n1.0,60,aaa\nlots,120,aaa\n120,180,aaa\n3,x,aaa\n4,240,\n`))
      .toMatchInlineSnapshot(`
        "HF_INVALID_FIELD
        pod_gpu_duty_cycle_anon.csv:3: value: expected a number from 0 to 100, got "lots"
        pod_gpu_duty_cycle_anon.csv:4: value: expected a number from 0 to 100, got "120"
        pod_gpu_duty_cycle_anon.csv:5: timestamp_anon: expected a number ≥ 0, got "x"
        pod_gpu_duty_cycle_anon.csv:6: container_ip: expected a non-empty pod id, got """
      `);
  });

  it('rows with the wrong number of fields, past blank lines', async () => {
    expect(await failure(`${HEADER}\n1,60,aaa\n\n2,120\n3,180,aaa,extra\n`)).toMatchInlineSnapshot(`
      "HF_NOT_CSV
      pod_gpu_duty_cycle_anon.csv:4: malformed CSV row: 2 field(s), the header has 3, got "2,120"
      pod_gpu_duty_cycle_anon.csv:5: malformed CSV row: 4 field(s), the header has 3, got "3,180,aaa,extra""
    `);
  });

  it('a missing column, with the closest name in the header', async () => {
    expect(await failure('value,timestamp,container_ip\n1,60,aaa\n')).toMatchInlineSnapshot(`
      "HF_MISSING_COLUMN
      pod_gpu_duty_cycle_anon.csv:1: missing required column(s) timestamp_anon (did you mean "timestamp"?) of a GenAI duty-cycle trace (found: value, timestamp, container_ip)"
    `);
  });

  it('a file of the wrong kind: no recognised header, a JSON document', async () => {
    expect(await failure('a,b\n1,2\n')).toMatchInlineSnapshot(`
      "HF_NOT_CSV
      pod_gpu_duty_cycle_anon.csv:1: no recognised header, not a GenAI duty-cycle trace CSV file, expected a header line "value,timestamp_anon,container_ip", got "a,b""
    `);
    expect(await failure('[{ "value": 1 }]\n')).toMatchInlineSnapshot(`
      "HF_NOT_CSV
      pod_gpu_duty_cycle_anon.csv:1: looks like a JSON document, not CSV, expected a CSV header line "value,timestamp_anon,container_ip", got "[{ \\"value\\": 1 }]""
    `);
  });

  it('an empty file, a header without samples, and bad rows in the memory file', async () => {
    expect(await failure('')).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      pod_gpu_duty_cycle_anon.csv: file is empty (expected a GenAI duty-cycle trace CSV with a header line "value,timestamp_anon,container_ip")"
    `);
    expect(await failure(`${HEADER}\n`)).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      pod_gpu_duty_cycle_anon.csv: no rows after the header (expected a GenAI duty-cycle trace)"
    `);
    expect(await failure(`${HEADER}\n1,60,aaa\n`, `${HEADER}\n-5,60,aaa\n`)).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      pod_gpu_memory_used_bytes_anon.csv:2: value: expected a number ≥ 0, got "-5""
    `);
  });

  it('stops listing after 20 problems, counting the rest', async () => {
    const rows = Array.from({ length: 25 }, (_, k) => `x,${k},aaa`);
    const message = await failure(`${HEADER}\n${rows.join('\n')}\n`);
    expect(message.split('\n')).toHaveLength(1 + 21);
    expect(message.split('\n').at(-1)).toMatchInlineSnapshot(
      `"pod_gpu_duty_cycle_anon.csv: 5 more problem(s) not shown (first 20 listed)"`,
    );
  });
});
