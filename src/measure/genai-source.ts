/**
 * @module measure/genai-source
 * The Alibaba GenAI serving trace (cluster-trace-v2026-GenAI) as a telemetry source: per-pod GPU duty cycle (%),
 * GPU memory used (bytes) and request rate, sampled every 57 s. Each pod holds one GPU, the trace does not say
 * which model (default nvidia-l20: the peak memory used, 47.3 GiB, fits a 48 GB part) nor which node (nodes of
 * `devicesPerNode` are assumed for the right-sizing replay); a pod's team is the request type it serves (qps.csv).
 *
 * Reads the CSVs or the .tar.gz archives they ship in. Every row is validated as the openb loaders do: bad
 * input is one InputError with `file:line: column: expected …, got "…"` per problem (at most 20).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ErrorCode, InputError, type InputIssue } from '../errors/index.js';
import { quantileSorted } from '../stats/index.js';
import type {
  CollectParams,
  Collected,
  DeviceObs,
  PodObs,
  TeamDeviceObs,
  TelemetrySource,
} from './telemetry-source.js';

const MAX_ISSUES = 20;
export const GENAI_FILES = {
  duty: 'pod_gpu_duty_cycle_anon',
  memory: 'pod_gpu_memory_used_bytes_anon',
  qps: 'qps',
} as const;

/** One CSV's text with the name to show in messages. */
interface CsvText {
  name: string;
  text: string;
}

/** Reads `<base>.csv`, else the first .csv member of `<base>.tar.gz`; undefined when neither exists. */
export function readTraceCsv(dir: string, base: string): CsvText | undefined {
  const csv = join(dir, `${base}.csv`);
  if (existsSync(csv)) return { name: csv, text: readFileSync(csv, 'utf8') };
  const archive = join(dir, `${base}.tar.gz`);
  if (!existsSync(archive)) return undefined;
  let tar: Buffer;
  try {
    tar = gunzipSync(readFileSync(archive));
  } catch (e) {
    throw new InputError(ErrorCode.NotCsv, {
      file: archive,
      message: `not a gzip archive: ${(e as Error).message}`,
    });
  }
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const body = off + 512;
    if ((type === '0' || type === '\0') && name.endsWith('.csv') && !name.split('/').pop()!.startsWith('._'))
      return { name: `${archive}:${name}`, text: tar.subarray(body, body + size).toString('utf8') };
    off = body + Math.ceil(size / 512) * 512;
  }
  throw new InputError(ErrorCode.NotCsv, { file: archive, message: 'no .csv file in the archive' });
}

type Rule = { expected: string; ok: (raw: string) => boolean };
const number = (max = Infinity): Rule => ({
  expected: max === Infinity ? 'a number ≥ 0' : `a number from 0 to ${max}`,
  ok: (raw) => raw.trim() !== '' && Number.isFinite(Number(raw)) && Number(raw) >= 0 && Number(raw) <= max,
});
const nonEmpty: Rule = { expected: 'a non-empty pod id', ok: (raw) => raw.trim() !== '' };
const anyText: Rule = { expected: 'text', ok: () => true };

/** Parses a CSV with named, validated columns; calls `row` with the fields of each valid line. */
export function parseTraceCsv(
  csv: CsvText,
  columns: Record<string, Rule>,
  row: (get: (column: string) => string) => void,
): number {
  let text = csv.text;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let records: string[][];
  let lines: number[] | undefined;
  if (text.includes('"')) {
    try {
      const parse = (
        createRequire(import.meta.url)('csv-parse/sync') as {
          parse: (t: string, o: object) => { record: string[]; info: { lines: number } }[];
        }
      ).parse;
      const out = parse(text, { relax_column_count: true, info: true, skip_empty_lines: true });
      records = out.map((r) => r.record);
      lines = out.map((r, i) => (i === 0 ? 1 : out[i - 1].info.lines + 1));
    } catch (e) {
      const err = e as Error & { lines?: number };
      throw new InputError(ErrorCode.NotCsv, {
        file: csv.name,
        line: err.lines,
        message: `malformed CSV: ${err.message}`,
      });
    }
  } else {
    records = text.split('\n').map((l) => l.replace(/\r$/, '').split(','));
    if (records.length > 1 && records[records.length - 1].join('') === '') records.pop();
  }
  if (records.length === 0 || records[0].join('').trim() === '') {
    throw new InputError(ErrorCode.FileEmpty, {
      file: csv.name,
      message: 'empty file',
      expected: `a CSV header with ${Object.keys(columns).join(', ')}`,
    });
  }
  const header = records[0].map((h) => h.trim());
  const index: Record<string, number> = {};
  const missing = Object.keys(columns).filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new InputError(ErrorCode.MissingColumn, {
      file: csv.name,
      line: 1,
      field: missing.join(', '),
      message: 'missing column',
      expected: `a header with ${Object.keys(columns).join(', ')}`,
      got: records[0].join(','),
    });
  }
  for (const c of Object.keys(columns)) index[c] = header.indexOf(c);
  const issues: InputIssue[] = [];
  let bad = 0;
  let count = 0;
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    const line = lines ? lines[r] : r + 1;
    if (rec.length === 1 && rec[0].trim() === '') continue;
    let ok = true;
    if (rec.length !== header.length) {
      ok = false;
      bad++;
      if (issues.length < MAX_ISSUES)
        issues.push({
          file: csv.name,
          line,
          message: `expected ${header.length} fields, found ${rec.length}`,
          got: rec.join(','),
        });
    } else {
      for (const [c, rule] of Object.entries(columns)) {
        const raw = rec[index[c]];
        if (!rule.ok(raw)) {
          ok = false;
          bad++;
          if (issues.length < MAX_ISSUES)
            issues.push({ file: csv.name, line, field: c, expected: rule.expected, got: raw });
        }
      }
    }
    if (ok) {
      count++;
      row((c) => rec[index[c]]);
    }
  }
  if (issues.length > 0) {
    if (bad > issues.length)
      issues.push({ file: csv.name, message: `… and ${bad - issues.length} more problems` });
    throw new InputError(ErrorCode.InvalidField, issues);
  }
  return count;
}

export interface GenaiSourceOptions {
  dir: string;
  accelerator: string;
  devicesPerNode: number;
}

export class GenaiSource implements TelemetrySource {
  readonly description: string;
  readonly teamLabel = 'request_type';

  constructor(private readonly o: GenaiSourceOptions) {
    this.description = `genai ${o.dir}`;
  }

  async collect(p: CollectParams): Promise<Collected> {
    const dir = this.o.dir;
    if (!existsSync(dir)) {
      throw new InputError(ErrorCode.FileNotFound, {
        file: dir,
        field: '--genai',
        message: 'folder not found',
        expected: 'the folder of the GenAI trace (cluster-trace-v2026-GenAI)',
      });
    }
    const need = (base: string) => {
      const csv = readTraceCsv(dir, base);
      if (!csv)
        throw new InputError(ErrorCode.FileNotFound, {
          file: join(dir, `${base}.csv`),
          field: '--genai',
          message: `neither ${base}.csv nor ${base}.tar.gz in the folder`,
        });
      return csv;
    };
    p.onProgress?.(0, 4, 'reading duty cycle');
    const duty = new Map<string, [number, number][]>();
    const dutyCsv = need(GENAI_FILES.duty);
    let sum = 0;
    let samples = 0;
    parseTraceCsv(
      dutyCsv,
      { value: number(100), timestamp_anon: number(), container_ip: nonEmpty },
      (get) => {
        const v = Number(get('value'));
        sum += v;
        samples++;
        const id = get('container_ip');
        let list = duty.get(id);
        if (!list) duty.set(id, (list = []));
        list.push([Number(get('timestamp_anon')), v]);
      },
    );
    if (samples === 0)
      throw new InputError(ErrorCode.FileEmpty, {
        file: dutyCsv.name,
        message: 'no samples',
        expected: 'rows value,timestamp_anon,container_ip',
      });
    p.onProgress?.(1, 4, 'reading memory');
    const memory = new Map<string, number>();
    parseTraceCsv(
      need(GENAI_FILES.memory),
      { value: number(), timestamp_anon: number(), container_ip: nonEmpty },
      (get) => {
        const id = get('container_ip');
        memory.set(id, Math.max(memory.get(id) ?? 0, Number(get('value'))));
      },
    );
    p.onProgress?.(2, 4, 'reading qps');
    const team = new Map<string, string>();
    const qps = readTraceCsv(dir, GENAI_FILES.qps);
    if (qps)
      parseTraceCsv(
        qps,
        { timestamp_anon: number(), value: number(), container_ip: anyText, request_type: anyText },
        (get) => {
          const id = get('container_ip');
          if (id) team.set(id, get('request_type') || '(none)');
        },
      );

    // Step: the trace's sampling interval (the most common gap between a pod's samples) unless given.
    const gaps = new Map<number, number>();
    for (const list of duty.values()) {
      list.sort((a, b) => a[0] - b[0]);
      for (let k = 1; k < list.length; k++) {
        const g = Math.round(list[k][0] - list[k - 1][0]);
        if (g > 0) gaps.set(g, (gaps.get(g) ?? 0) + 1);
      }
    }
    const detected = [...gaps.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 60;
    const S = p.stepSec > 0 ? p.stepSec : detected;
    let t0 = Infinity;
    let t1 = -Infinity;
    for (const list of duty.values()) {
      t0 = Math.min(t0, list[0][0]);
      t1 = Math.max(t1, list[list.length - 1][0]);
    }
    const from = t0 - S;
    const N = Math.max(1, Math.ceil((t1 - from) / S));
    const to = from + N * S;
    const NL = Math.max(1, Math.ceil(p.idleForSec / S - 1e-9));
    const acc = this.o.accelerator;
    const B = Math.max(1, Math.ceil((to - from) / p.heatColumns / S)) * S;
    const columns = Math.floor((to - from) / B);

    const devices: DeviceObs[] = [];
    const teamDevices: TeamDeviceObs[] = [];
    const pods: PodObs[] = [];
    const heatRows: { id: string; values: (number | null)[] }[] = [];
    const ids = [...duty.keys()].sort();
    for (const id of ids) {
      // One value per step: the last sample in (from + (k−1)Δ, from + kΔ].
      const steps = new Map<number, number>();
      for (const [t, v] of duty.get(id)!) steps.set(Math.max(1, Math.ceil((t - from) / S - 1e-9)), v);
      const ks = [...steps.keys()].sort((a, b) => a - b);
      let util = 0;
      let idleSteps = 0;
      let run = 0;
      let prev = -1;
      const flush = () => {
        if (run >= NL) idleSteps += run;
        run = 0;
      };
      for (const k of ks) {
        const v = steps.get(k)!;
        util += v;
        if (k !== prev + 1) flush();
        if (v < p.idleBelowPct) run++;
        else flush();
        prev = k;
      }
      flush();
      const n = ks.length;
      const values = ks.map((k) => steps.get(k)!).sort((a, b) => a - b);
      const t = team.get(id) ?? '(no qps)';
      devices.push({
        id,
        host: `node-${Math.floor(devices.length / this.o.devicesPerNode)}`,
        model: acc,
        observedSteps: n,
        utilPctSteps: util,
        allocMilliSteps: n * 1000,
        idleMilliSteps: idleSteps * 1000,
        energy: {
          source: 'model',
          joules: 0,
          coveredSteps: 0,
          uncoveredSteps: n,
          uncoveredUtilPctSteps: util,
        },
      });
      teamDevices.push({
        device: id,
        team: t,
        allocMilliSteps: n * 1000,
        busyMilliPctSteps: util * 1000,
        idleMilliSteps: idleSteps * 1000,
      });
      const mem = memory.get(id);
      pods.push({
        pod: id,
        team: t,
        model: acc,
        gpuCount: 1,
        gpuMilli: 1000,
        peakMemoryMiB: mem === undefined ? null : mem / 2 ** 20,
        utilisationPctile: quantileSorted(values, p.percentile),
        meanUtilisationPct: util / n,
        firstSec: (ks[0] - 1) * S,
        lastSec: ks[n - 1] * S,
      });
      const sums = new Float64Array(columns);
      const counts = new Float64Array(columns);
      for (const k of ks) {
        const c = Math.floor(((k - 1) * S) / B);
        if (c < columns) {
          sums[c] += steps.get(k)!;
          counts[c]++;
        }
      }
      heatRows.push({ id, values: Array.from(sums, (s, c) => (counts[c] ? s / counts[c] : null)) });
    }
    const hosts: Collected['hosts'] = {};
    for (const d of devices) (hosts[d.host] ??= { model: acc, devices: 0 }).devices++;
    p.onProgress?.(4, 4, 'accounted');
    const withoutMemory = pods.filter((x) => x.peakMemoryMiB === null).length;
    return {
      fromSec: from,
      toSec: to,
      stepSec: S,
      devices,
      teamDevices,
      pods,
      heatMap: {
        bucketSec: B,
        rows: heatRows.slice(0, p.heatMaxRows).map((r) => r.id),
        values: heatRows.slice(0, p.heatMaxRows).map((r) => r.values),
        omitted: Math.max(0, heatRows.length - p.heatMaxRows),
      },
      accelerators: { [acc]: acc },
      hosts,
      assumptions: [
        `GenAI trace in ${dir}: ${duty.size} pods, ${samples} duty-cycle samples every ${S} s; each pod holds one whole ${acc} (the trace names no model; --accelerator changes it) on nodes of ${this.o.devicesPerNode} (for the replay).`,
        'A pod’s GPU is allocated while the pod reports samples; its team is the request type it serves (qps.csv).',
        'No power in the trace: energy from the catalog’s power model idleW + (tdpW − idleW) · duty/100.',
        ...(withoutMemory
          ? [
              `${withoutMemory} pods have no memory samples: they keep their whole device in the right-sizing.`,
            ]
          : []),
      ],
      extra: { meanDutyCyclePctOfSamples: sum / samples, dutyCycleSamples: samples, sampleSec: detected },
    };
  }
}
