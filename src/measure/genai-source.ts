/**
 * @module measure/genai-source
 * The Alibaba GenAI serving trace (cluster-trace-v2026-GenAI) as a telemetry source: per-pod GPU duty cycle (%),
 * GPU memory used (bytes) and request rate, sampled every 57 s. Each pod holds one GPU, the trace does not say
 * which model (default nvidia-l20: the peak memory used, 47.3 GiB, fits a 48 GB part) nor which node (nodes of
 * `devicesPerNode` are assumed for the right-sizing replay); a pod's team is the request type it serves (qps.csv).
 *
 * Reads the CSVs or the .tar.gz archives they ship in. Every row is validated against the column declarations
 * below, as the openb loaders do (input's csv-columns): bad input is one InputError with
 * `file:line: column: expected …, got "…"` per problem (at most MAX_ISSUES).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ErrorCode, InputError } from '../errors/index.js';
import { csvKind, csvRecords, CsvRows, INVALID, type CsvColumn, type CsvTableKind } from '../input/index.js';
import { quantileSorted } from '../stats/index.js';
import type {
  CollectParams,
  Collected,
  DeviceObs,
  PodObs,
  TeamDeviceObs,
  TelemetrySource,
} from './telemetry-source.js';

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

/**
 * Reads a trace CSV against its declared columns and calls `onRow` with each valid row (one object, refilled for
 * every row: copy what you keep); throws the issues of bad rows, and with `needsRows` a file without rows.
 */
export function parseTraceCsv<Row>(
  csv: CsvText,
  table: CsvTableKind<Row>,
  onRow: (row: Row) => void,
  needsRows = false,
): void {
  const kind = csvKind(table);
  const { count, record, lineOf } = csvRecords(csv.text, csv.name, kind);
  const rows = new CsvRows(csv.name, table, record(0));
  const row = {} as Record<string, unknown>;
  for (let r = 1; r < count; r++) {
    if (rows.read(record(r), lineOf(r), row) === true) onRow(row as Row);
  }
  rows.finish(needsRows);
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
    let sum = 0;
    let samples = 0;
    const needsSamples = true;
    parseTraceCsv(
      need(GENAI_FILES.duty),
      DUTY_CSV,
      (row) => {
        sum += row.value;
        samples++;
        let list = duty.get(row.container_ip);
        if (!list) duty.set(row.container_ip, (list = []));
        list.push([row.timestamp_anon, row.value]);
      },
      needsSamples,
    );
    p.onProgress?.(1, 4, 'reading memory');
    const memory = new Map<string, number>();
    parseTraceCsv(need(GENAI_FILES.memory), MEMORY_CSV, (row) => {
      memory.set(row.container_ip, Math.max(memory.get(row.container_ip) ?? 0, row.value));
    });
    p.onProgress?.(2, 4, 'reading qps');
    const team = new Map<string, string>();
    const qps = readTraceCsv(dir, GENAI_FILES.qps);
    if (qps) {
      parseTraceCsv(qps, QPS_CSV, (row) => {
        if (row.container_ip) team.set(row.container_ip, row.request_type || '(none)');
      });
    }

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
