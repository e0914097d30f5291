/**
 * @module measure/genai-samples
 * The files of the Alibaba GenAI serving trace (cluster-trace-v2026-GenAI) and their columns, read into samples
 * per pod: GPU duty cycle (%) over time, peak GPU memory used (bytes) and the request type each pod serves
 * (qps.csv, optional). Each file is a CSV or the .tar.gz archive it ships in (measure/trace-csv).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, InputError } from '../errors/index.js';
import { INVALID, type CsvColumn, type CsvTableKind } from '../input/index.js';
import type { CollectParams } from './telemetry-source.js';
import { parseTraceCsv, readTraceCsv, type CsvText } from './trace-csv.js';

export const GENAI_FILES = {
  duty: 'pod_gpu_duty_cycle_anon',
  memory: 'pod_gpu_memory_used_bytes_anon',
  qps: 'qps',
} as const;

function number(max = Infinity): CsvColumn<number> {
  return {
    required: true,
    expected: max === Infinity ? 'a number ≥ 0' : `a number from 0 to ${max}`,
    parse: (raw) => {
      const n = raw.trim() === '' ? NaN : Number(raw);
      return Number.isFinite(n) && n >= 0 && n <= max ? n : INVALID;
    },
  };
}
const podId: CsvColumn<string> = {
  required: true,
  expected: 'a non-empty pod id',
  parse: (raw) => (raw.trim() === '' ? INVALID : raw),
};
const anyText: CsvColumn<string> = { required: true, expected: 'text', parse: (raw) => raw };

interface Sample {
  value: number;
  timestamp_anon: number;
  container_ip: string;
}
const DUTY_CSV: CsvTableKind<Sample> = {
  what: 'a GenAI duty-cycle trace',
  columns: { value: number(100), timestamp_anon: number(), container_ip: podId },
};
const MEMORY_CSV: CsvTableKind<Sample> = {
  what: 'a GenAI GPU-memory trace',
  columns: { value: number(), timestamp_anon: number(), container_ip: podId },
};
const QPS_CSV: CsvTableKind<Sample & { request_type: string }> = {
  what: 'a GenAI request-rate trace',
  columns: { timestamp_anon: number(), value: number(), container_ip: anyText, request_type: anyText },
};

/** What a GenAI trace folder holds, per pod. */
export interface GenaiSamples {
  /** Duty-cycle samples as [time (s), duty (%)], in time order. */
  duty: Map<string, [number, number][]>;
  /** Peak GPU memory used (bytes); pods without memory samples are absent. */
  peakMemory: Map<string, number>;
  /** The request type a pod serves; pods absent from qps.csv (or all, without it) are absent. */
  requestType: Map<string, string>;
  /** Σ and count of all duty-cycle samples. */
  dutySum: number;
  dutySamples: number;
}

/** Reads the trace folder `dir`; bad input (no folder, a missing file, bad rows) is an InputError. */
export function readGenaiSamples(dir: string, onProgress: CollectParams['onProgress']): GenaiSamples {
  if (!existsSync(dir)) {
    throw new InputError(ErrorCode.FileNotFound, {
      file: dir,
      field: '--genai',
      message: 'folder not found',
      expected: 'the folder of the GenAI trace (cluster-trace-v2026-GenAI)',
    });
  }
  onProgress?.(0, 4, 'reading duty cycle');
  const samples: GenaiSamples = {
    duty: new Map(),
    peakMemory: new Map(),
    requestType: new Map(),
    dutySum: 0,
    dutySamples: 0,
  };
  const needsSamples = true;
  parseTraceCsv(
    requiredCsv(dir, GENAI_FILES.duty),
    DUTY_CSV,
    (row) => {
      samples.dutySum += row.value;
      samples.dutySamples++;
      let list = samples.duty.get(row.container_ip);
      if (!list) samples.duty.set(row.container_ip, (list = []));
      list.push([row.timestamp_anon, row.value]);
    },
    needsSamples,
  );
  for (const list of samples.duty.values()) list.sort((a, b) => a[0] - b[0]);
  onProgress?.(1, 4, 'reading memory');
  const memory = samples.peakMemory;
  parseTraceCsv(requiredCsv(dir, GENAI_FILES.memory), MEMORY_CSV, (row) => {
    memory.set(row.container_ip, Math.max(memory.get(row.container_ip) ?? 0, row.value));
  });
  onProgress?.(2, 4, 'reading qps');
  const qps = readTraceCsv(dir, GENAI_FILES.qps);
  if (qps) {
    parseTraceCsv(qps, QPS_CSV, (row) => {
      if (row.container_ip) samples.requestType.set(row.container_ip, row.request_type || '(none)');
    });
  }
  return samples;
}

/** A file the trace cannot do without: its CSV, or an InputError naming what the folder lacks. */
function requiredCsv(dir: string, base: string): CsvText {
  const csv = readTraceCsv(dir, base);
  if (!csv)
    throw new InputError(ErrorCode.FileNotFound, {
      file: join(dir, `${base}.csv`),
      field: '--genai',
      message: `neither ${base}.csv nor ${base}.tar.gz in the folder`,
    });
  return csv;
}
