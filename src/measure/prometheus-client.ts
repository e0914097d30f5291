/**
 * @module measure/prometheus-client
 * A minimal client of the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`, label values) on Node's
 * fetch. Works unchanged against Thanos Query and VictoriaMetrics, which serve the same API. Failures become
 * {@link InputError}s naming the server and the query: unreachable, HTTP error, query error.
 */
import { ErrorCode, InputError } from '../errors/index.js';

export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

export interface MatrixSeries {
  metric: Record<string, string>;
  values: [number, number][];
}

interface ApiResponse {
  status: 'success' | 'error';
  data?: { resultType: string; result: unknown } | string[];
  errorType?: string;
  error?: string;
}

export class PrometheusClient {
  readonly base: string;

  constructor(
    url: string,
    private readonly timeoutMs = 120_000,
  ) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--prometheus',
        expected: 'an http(s) URL such as http://prometheus:9090',
        got: url,
      });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--prometheus',
        expected: 'an http(s) URL such as http://prometheus:9090',
        got: url,
      });
    }
    this.base = url.replace(/\/+$/, '');
  }

  private async call(
    path: string,
    params: Record<string, string>,
    what: string,
    method: 'GET' | 'POST' = 'POST',
  ): Promise<ApiResponse> {
    const body = new URLSearchParams(params);
    let res: Response;
    try {
      res =
        method === 'GET'
          ? await fetch(`${this.base}${path}?${body.toString()}`, {
              signal: AbortSignal.timeout(this.timeoutMs),
            })
          : await fetch(`${this.base}${path}`, {
              method: 'POST',
              body,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              signal: AbortSignal.timeout(this.timeoutMs),
            });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const reason =
        (e as Error).name === 'TimeoutError'
          ? `no answer within ${this.timeoutMs / 1000} s`
          : (cause?.code ?? cause?.message ?? (e as Error).message);
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--prometheus',
        message: `cannot reach Prometheus at ${this.base} (${reason})`,
        expected: 'the URL of a running Prometheus (or Thanos/VictoriaMetrics) HTTP API',
      });
    }
    const text = await res.text();
    let json: ApiResponse | undefined;
    try {
      json = JSON.parse(text) as ApiResponse;
    } catch {
      json = undefined;
    }
    if (!json || json.status !== 'success') {
      const detail = json?.error ?? `HTTP ${res.status} ${text.slice(0, 200).replace(/\s+/g, ' ')}`;
      throw new InputError(ErrorCode.InvalidField, {
        field: '--prometheus',
        message: `query failed at ${this.base}${path}: ${json?.errorType ? `${json.errorType}: ` : ''}${detail} (${what}: ${abbreviate(params.query ?? params.match ?? '')})`,
      });
    }
    return json;
  }

  /** Instant query at `timeSec`; returns the vector (a scalar result becomes one sample without labels). */
  async query(expr: string, timeSec: number, what = 'query'): Promise<VectorSample[]> {
    const r = await this.call('/api/v1/query', { query: expr, time: String(timeSec) }, what);
    const data = r.data as { resultType: string; result: unknown };
    if (data.resultType === 'scalar') {
      const [, v] = data.result as [number, string];
      return [{ metric: {}, value: Number(v) }];
    }
    return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map((s) => ({
      metric: s.metric,
      value: Number(s.value[1]),
    }));
  }

  /** Instant query of a range selector at `timeSec`: the raw samples of each series. */
  async queryMatrix(expr: string, timeSec: number, what = 'query'): Promise<MatrixSeries[]> {
    const r = await this.call('/api/v1/query', { query: expr, time: String(timeSec) }, what);
    const data = r.data as { result: { metric: Record<string, string>; values: [number, string][] }[] };
    return data.result.map((s) => ({
      metric: s.metric,
      values: s.values.map(([t, v]) => [t, Number(v)] as [number, number]),
    }));
  }

  async queryRange(
    expr: string,
    startSec: number,
    endSec: number,
    stepSec: number,
    what = 'query_range',
  ): Promise<MatrixSeries[]> {
    const r = await this.call(
      '/api/v1/query_range',
      { query: expr, start: String(startSec), end: String(endSec), step: String(stepSec) },
      what,
    );
    const data = r.data as { result: { metric: Record<string, string>; values: [number, string][] }[] };
    return data.result.map((s) => ({
      metric: s.metric,
      values: s.values.map(([t, v]) => [t, Number(v)] as [number, number]),
    }));
  }

  /** Label sets of the series matching `match` with data in [start, end] (from the index: no samples read). */
  async series(match: string, startSec: number, endSec: number): Promise<Record<string, string>[]> {
    const r = await this.call(
      '/api/v1/series',
      { 'match[]': match, start: String(startSec), end: String(endSec) },
      'series',
    );
    return r.data as unknown as Record<string, string>[];
  }

  /** Metric names with series in [start, end] (all names when no range is given). */
  async metricNames(startSec?: number, endSec?: number): Promise<Set<string>> {
    const params: Record<string, string> = {};
    if (startSec !== undefined) params.start = String(startSec);
    if (endSec !== undefined) params.end = String(endSec);
    const r = await this.call('/api/v1/label/__name__/values', params, 'metric names', 'GET');
    return new Set(r.data as string[]);
  }
}

function abbreviate(q: string): string {
  const one = q.replace(/\s+/g, ' ');
  return one.length > 160 ? `${one.slice(0, 157)}…` : one;
}

/** Runs `tasks` with at most `limit` at a time, in order of the array; results in the same order. */
export async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const k = next++;
      out[k] = await tasks[k]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}
