/**
 * @module traces/download
 * Downloads the public openb CSV files (Alibaba cluster-trace-gpu-v2023) from the clusterdata repository, or from
 * a mirror given as base URL, into a local folder.
 *
 * Safety rules: a file is written to a temporary name and renamed only once complete, so a half-downloaded file
 * never appears under its final name; the byte count must match Content-Length and the first line must be the
 * expected CSV header (an HTML error page served with status 200 is refused). Files already present with the
 * server's size are skipped unless `force` is set. Failures become one {@link InputError} (code Download) naming
 * each URL and the reason.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, InputError, type InputIssue } from '../errors/index.js';
import { OPENB_NODE_FILE, openbPodFile, PAPER_WORKLOADS } from './openb-trace.js';

/** Upstream repository root; `HYPERFLEET_TRACES_BASE_URL` or `--base-url` replace it (e.g. with a mirror). */
export const DEFAULT_BASE_URL = 'https://raw.githubusercontent.com/alibaba/clusterdata/master';
/** Path of the openb CSV folder below the base URL. */
export const OPENB_REMOTE_PATH = 'cluster-trace-gpu-v2023/csv';

/** All nodes, including the 310 CPU-only ones (not used by the paper). */
export const OPENB_ALL_NODE_FILE = 'openb_node_list_all_node.csv';
/** The other pod lists published upstream (fetched with `--files all`). */
export const OPENB_OTHER_TRACES = [
  'cpu0',
  'cpu037',
  'cpu072',
  'cpu235',
  'cpu300',
  'gpushare20',
  'gpuspec05',
] as const;

/** The first columns each kind of file must start with; checked on the downloaded bytes. */
const NODE_HEADER = 'sn,cpu_milli,memory_mib,gpu,model';
const POD_HEADER = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli';

const FILE_NAME = /^openb_(node|pod)_list_[A-Za-z0-9_]+\.csv$/;

/**
 * Resolves `--files`: `default` (node list + the 17 paper pod lists), `all` (also the all-node list and the other
 * pod lists), or a comma list whose items are file names (`openb_pod_list_cpu050.csv`) or short names: a pod list
 * suffix (`cpu050`) or `gpu_node` / `all_node` for the node lists.
 */
export function openbFileSet(spec: string): string[] {
  const value = spec.trim();
  const paper = [OPENB_NODE_FILE, ...PAPER_WORKLOADS.map(openbPodFile)];
  if (value === 'default') return paper;
  if (value === 'all') return [...paper, OPENB_ALL_NODE_FILE, ...OPENB_OTHER_TRACES.map(openbPodFile)];
  const known = new Set<string>([...PAPER_WORKLOADS, ...OPENB_OTHER_TRACES]);
  const files: string[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    let file: string | undefined;
    if (FILE_NAME.test(item)) file = item;
    else if (item === 'gpu_node' || item === 'all_node') file = `openb_node_list_${item}.csv`;
    else if (known.has(item)) file = openbPodFile(item);
    if (!file) {
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--files',
        expected:
          'default, all, or a comma list of openb file names or short names ' +
          `(gpu_node, all_node, ${[...known].join(', ')})`,
        got: item,
      });
    }
    if (!files.includes(file)) files.push(file);
  }
  if (files.length === 0) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--files',
      expected: 'at least one file',
      got: spec,
    });
  }
  return files;
}

/** The base URL: `HYPERFLEET_TRACES_BASE_URL` if set, else {@link DEFAULT_BASE_URL}. */
export function defaultBaseUrl(): string {
  return process.env.HYPERFLEET_TRACES_BASE_URL || DEFAULT_BASE_URL;
}

/** Progress notifications, for a progress bar or a log line per file. */
export type FetchEvent =
  | { type: 'start'; file: string; url: string; total: number | undefined }
  | { type: 'progress'; file: string; received: number; total: number | undefined }
  | { type: 'done'; file: string; status: FetchStatus; bytes: number }
  | { type: 'failed'; file: string; url: string; reason: string };

export type FetchStatus = 'downloaded' | 'skipped';

export interface FetchResult {
  readonly file: string;
  readonly path: string;
  readonly status: FetchStatus;
  readonly bytes: number;
}

export interface FetchOptions {
  /** Destination folder (created if missing). */
  readonly dir: string;
  /** Repository root; files are fetched from `${baseUrl}/cluster-trace-gpu-v2023/csv/<file>`. */
  readonly baseUrl: string;
  /** File names, e.g. from {@link openbFileSet}. */
  readonly files: readonly string[];
  /** Download even files already present with the right size. */
  readonly force?: boolean;
  /** Give up on a download that receives nothing for this long (default 30 s). */
  readonly idleTimeoutMs?: number;
  /** Downloads running at once (default 4). */
  readonly concurrency?: number;
  readonly onEvent?: (event: FetchEvent) => void;
}

/** One failed download; `hostDown` when the host could not be reached at all (no point trying other files). */
class DownloadFailure extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly hostDown = false,
  ) {
    super(`${url}: ${reason}`);
  }
}

/**
 * Downloads `files` into `dir`. Resolves with one result per file (in the order given) when all succeeded;
 * otherwise throws an InputError(Download) listing every failed URL, after finishing the others.
 */
export async function fetchOpenbFiles(options: FetchOptions): Promise<FetchResult[]> {
  const base = checkBaseUrl(options.baseUrl);
  try {
    await mkdir(options.dir, { recursive: true });
  } catch (e) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--dir',
      message: `cannot create the folder: ${(e as Error).message}`,
      got: options.dir,
    });
  }
  const results: (FetchResult | undefined)[] = new Array(options.files.length);
  const failures: DownloadFailure[] = [];
  let hostDown = false;
  let next = 0;

  // A small worker pool: a few files at once, stopping early if the host is unreachable.
  const worker = async (): Promise<void> => {
    while (next < options.files.length && !hostDown) {
      const i = next++;
      const file = options.files[i];
      const url = `${base}/${OPENB_REMOTE_PATH}/${file}`;
      try {
        results[i] = await downloadOne(url, file, options);
      } catch (e) {
        if (!(e instanceof DownloadFailure)) throw e;
        failures.push(e);
        if (e.hostDown) hostDown = true;
        options.onEvent?.({ type: 'failed', file, url, reason: e.reason });
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, options.files.length));
  await Promise.all(Array.from({ length: workers }, worker));

  if (failures.length > 0) {
    const issues: InputIssue[] = failures.map((f) => ({
      file: f.url,
      message: `download failed: ${f.reason}`,
    }));
    issues.push({
      message:
        `${failures.length} of ${options.files.length} file(s) not downloaded; check the network, pass ` +
        `--base-url with a mirror holding ${OPENB_REMOTE_PATH}/, or copy the CSV files into ${options.dir} by hand`,
    });
    throw new InputError(ErrorCode.Download, issues);
  }
  return results as FetchResult[];
}

function checkBaseUrl(baseUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--base-url',
      expected: `an http(s) URL such as ${DEFAULT_BASE_URL}`,
      got: baseUrl,
    });
  }
  return baseUrl.replace(/\/+$/, '');
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

async function downloadOne(url: string, file: string, options: FetchOptions): Promise<FetchResult> {
  const dest = join(options.dir, file);
  const existing = await sizeOf(dest);
  const controller = new AbortController();
  const idleMs = options.idleTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const armTimer = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), idleMs);
  };

  let tmp: string | undefined;
  try {
    armTimer();
    let res: Response;
    try {
      // identity: Content-Length must count the file's bytes, not a compressed transfer.
      res = await fetch(url, { headers: { 'accept-encoding': 'identity' }, signal: controller.signal });
    } catch (e) {
      throw new DownloadFailure(url, describeNetworkError(e, controller.signal.aborted, idleMs), true);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new DownloadFailure(url, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const lengthHeader = res.headers.get('content-length');
    const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;

    if (!options.force && existing !== undefined && existing === total) {
      await res.body?.cancel().catch(() => undefined);
      options.onEvent?.({ type: 'done', file, status: 'skipped', bytes: existing });
      return { file, path: dest, status: 'skipped', bytes: existing };
    }
    options.onEvent?.({ type: 'start', file, url, total });

    tmp = join(options.dir, `.${file}.${randomBytes(4).toString('hex')}.part`);
    const out = await open(tmp, 'w');
    let received = 0;
    let head = '';
    let headChecked = false;
    try {
      if (res.body) {
        for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
          armTimer();
          if (!headChecked) {
            head += Buffer.from(chunk).toString('latin1');
            // Refuse an error page early, as soon as the first line is in.
            if (head.includes('\n') || head.length >= 4096) {
              checkHeader(url, file, head);
              headChecked = true;
            }
          }
          await out.write(chunk);
          received += chunk.byteLength;
          options.onEvent?.({ type: 'progress', file, received, total });
        }
      }
    } catch (e) {
      if (e instanceof DownloadFailure) throw e;
      const why = controller.signal.aborted ? `no data for ${idleMs / 1000} s` : 'connection closed';
      throw new DownloadFailure(url, `${why} after ${received} of ${total ?? '?'} bytes (${causeText(e)})`);
    } finally {
      await out.close();
    }
    if (received === 0) throw new DownloadFailure(url, 'empty response body');
    if (total !== undefined && received !== total) {
      throw new DownloadFailure(url, `truncated: received ${received} of ${total} bytes`);
    }
    if (!headChecked) checkHeader(url, file, head);

    await rename(tmp, dest);
    tmp = undefined;
    options.onEvent?.({ type: 'done', file, status: 'downloaded', bytes: received });
    return { file, path: dest, status: 'downloaded', bytes: received };
  } finally {
    clearTimeout(timer);
    controller.abort(); // releases the connection if we stopped reading early; a no-op after a full read
    if (tmp) await unlink(tmp).catch(() => undefined);
  }
}

/** The body must start with the openb header of its kind (node or pod list). */
function checkHeader(url: string, file: string, head: string): void {
  const expected = file.startsWith('openb_node_list_') ? NODE_HEADER : POD_HEADER;
  const first = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  if (!first.startsWith(expected)) {
    const shown = first.length > 60 ? `${first.slice(0, 60)}…` : first;
    throw new DownloadFailure(
      url,
      `not an openb CSV file: first line is ${JSON.stringify(shown)}, expected it to start with "${expected}"`,
    );
  }
}

/** A short reason for a failed request: DNS, refused connection, timeout … (fetch only says "fetch failed"). */
function describeNetworkError(e: unknown, aborted: boolean, idleMs: number): string {
  if (aborted) return `no response within ${idleMs / 1000} s`;
  const cause = causeText(e);
  // fetch refuses some ports outright (1, 7, 21, 22, 25 …: the WHATWG "bad ports").
  if (cause === 'bad port') return 'cannot connect (fetch refuses this port as unsafe; use another port)';
  return cause.includes('ENOTFOUND') || cause.includes('EAI_AGAIN')
    ? `host not found, offline? (${cause})`
    : `cannot connect (${cause})`;
}

function causeText(e: unknown): string {
  const err = e as {
    message?: string;
    cause?: { code?: string; message?: string; errors?: { code?: string }[] };
  };
  const cause = err?.cause;
  // undici wraps the system error: TypeError("fetch failed", { cause: Error ECONNREFUSED … }).
  const code = cause?.code ?? cause?.errors?.find((x) => x.code)?.code;
  const message = cause?.message || err?.message || String(e);
  if (!code) return message;
  return message.includes(code) ? message : `${code}: ${message}`;
}
