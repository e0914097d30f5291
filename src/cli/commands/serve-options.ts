/**
 * @module cli/commands/serve-options
 * The options of `hyperfleet serve`, checked before anything starts: port, durability, reservation time, the
 * defrag step timeout, the bearer token, TLS files, and that a service reachable beyond loopback has both authentication and TLS with a
 * client CA (kube-scheduler cannot send a bearer token to an extender, so its client certificate is the check).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { ErrorCode, InputError } from '../../errors/index.js';
import type { PolicyName } from '../../policies/index.js';
import type { ConfirmMode } from '../../schedule/index.js';
import { parseAnyPolicy, parseInteger } from '../options.js';

/** The options as commander hands them over. */
export interface ServeOptions {
  port: string;
  host: string;
  policy?: string;
  nodes?: string;
  pods?: string;
  db: string;
  durability: string;
  token?: string;
  tokenFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  clientCa?: string;
  reservationTtl: string;
  defragStepTimeout: string;
  kubeconfig?: string;
  resourceMap?: string;
  confirm: string;
  deviceProtocol: string;
  leaderLease?: string;
  leaderIdentity?: string;
  leasePeriod: string;
  /** `--queue`, `--task-timeout`: simulations and plans run on queue workers. */
  queue?: string;
  taskTimeout?: string;
}

/** Where the state is kept: a SQLite file, or a PostgreSQL database shared by replicas. */
export type ServeDatabase = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** How replicas elect the one that decides (schedule/leadership). */
export type ServeElection =
  | { kind: 'sole' }
  | { kind: 'postgres-advisory-lock'; periodMs: number }
  | { kind: 'kubernetes-lease'; namespace: string; name: string; identity: string };

export interface ServeTls {
  key: string;
  cert: string;
  ca?: string;
}

/** The options checked and read: what the service is started with. */
export interface ServeSettings {
  port: number;
  durability: 'full' | 'normal';
  reservationTtlMs: number;
  /** How long one step of a defrag execution may take (eviction answered, replacement bound). */
  defragStepTimeoutMs: number;
  token: string | undefined;
  tls: ServeTls | undefined;
  /** The policy asked for on the command line, if any. */
  policy: PolicyName | undefined;
  /** What confirms a filter decision (schedule/confirmation). */
  confirm: ConfirmMode;
  /** How devices and requests are read and what a bind writes (schedule/device-protocol). */
  deviceProtocol: DeviceProtocolName;
  database: ServeDatabase;
  election: ServeElection;
}

const DEVICE_PROTOCOLS = ['hyperfleet', 'hami'] as const;
export type DeviceProtocolName = (typeof DEVICE_PROTOCOLS)[number];

function parseDeviceProtocol(text: string): DeviceProtocolName {
  if (!(DEVICE_PROTOCOLS as readonly string[]).includes(text)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--device-protocol',
      expected: DEVICE_PROTOCOLS.join(' or '),
      got: text,
    });
  }
  return text as DeviceProtocolName;
}

/** Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function readOptionFile(field: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(ErrorCode.FileNotFound, {
      file,
      field,
      message: `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    });
  }
}

function readToken(opts: ServeOptions): string | undefined {
  const token = opts.tokenFile
    ? readOptionFile('--token-file', opts.tokenFile).trim()
    : (opts.token ?? process.env.HYPERFLEET_TOKEN);
  if (token !== undefined && !/^[\x21-\x7e]{16,}$/.test(token)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: opts.tokenFile ? '--token-file' : '--token',
      expected: 'a token of at least 16 printable characters without spaces',
      got: token.length > 0 ? `${token.length} characters` : '(empty)',
    });
  }
  return token;
}

function readTls(opts: ServeOptions): ServeTls | undefined {
  if (!opts.tlsCert && !opts.tlsKey && !opts.clientCa) return undefined;
  if (!opts.tlsCert || !opts.tlsKey) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: opts.tlsCert ? '--tls-key' : '--tls-cert',
      message: 'TLS needs both --tls-cert and --tls-key (and --client-ca to verify kube-scheduler)',
    });
  }
  return {
    cert: readOptionFile('--tls-cert', opts.tlsCert),
    key: readOptionFile('--tls-key', opts.tlsKey),
    ca: opts.clientCa ? readOptionFile('--client-ca', opts.clientCa) : undefined,
  };
}

function parsePort(text: string): number {
  const port = parseInteger('--port', text, 0);
  if (port > 65535) {
    throw new InputError(ErrorCode.InvalidOption, { field: '--port', expected: '0..65535', got: text });
  }
  return port;
}

function parseDurability(text: string): 'full' | 'normal' {
  if (text !== 'full' && text !== 'normal') {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--durability',
      expected: 'full or normal',
      got: text,
    });
  }
  return text;
}

const CONFIRM_OPTIONS = ['auto', 'bind', 'watch', 'filter'] as const;

/**
 * The mode `--confirm` asks for (schedule/confirmation), checked against whether a kubeconfig is given: `auto` is
 * `watch` with one, else `filter`.
 */
export function resolveConfirmMode(asked: string, hasKubeconfig: boolean): ConfirmMode {
  if (!(CONFIRM_OPTIONS as readonly string[]).includes(asked)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--confirm',
      expected: CONFIRM_OPTIONS.join(', '),
      got: asked,
    });
  }
  if (asked === 'watch' && !hasKubeconfig) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--confirm',
      message: 'watch confirms placements through the API server: give --kubeconfig too',
      got: asked,
    });
  }
  if (asked === 'auto') return hasKubeconfig ? 'watch' : 'filter';
  return asked as ConfirmMode;
}

/** Beyond loopback, the REST API needs a token and the extender a client CA. */
function checkExposure(host: string, token: string | undefined, tls: ServeTls | undefined): void {
  if (!isLoopback(host) && (token === undefined || tls?.ca === undefined)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--host',
      message:
        'serving beyond loopback needs authentication and TLS: --token (or --token-file) for the REST API, and ' +
        '--tls-cert, --tls-key and --client-ca so that only kube-scheduler (by its client certificate) reaches the extender',
      expected: 'a loopback address such as 127.0.0.1, or the options above',
      got: host,
    });
  }
}

/** Bounds of `--defrag-step-timeout`, seconds: a replacement needs a second to be scheduled; a day is plenty. */
const STEP_TIMEOUT_MIN_SEC = 1;
const STEP_TIMEOUT_MAX_SEC = 86_400;

/** `--defrag-step-timeout` (the CLI's duration format, e.g. `2m`) in ms. */
async function parseStepTimeout(text: string): Promise<number> {
  // The duration parser is measure's; loaded here only, as every command registers from this module's importer.
  const { parseDuration } = await import('../../measure/index.js');
  const seconds = parseDuration('--defrag-step-timeout', text);
  if (seconds < STEP_TIMEOUT_MIN_SEC || seconds > STEP_TIMEOUT_MAX_SEC) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--defrag-step-timeout',
      expected: 'a duration from 1s to 1d, such as 2m',
      got: text,
    });
  }
  return Math.round(seconds * 1000);
}

/** `--db`: a file (SQLite), or a `postgres://` / `postgresql://` URL; any other URL scheme is refused. */
export function parseDatabase(text: string): ServeDatabase {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'sqlite', file: text };
  if (scheme === 'postgres' || scheme === 'postgresql') {
    try {
      const url = new URL(text);
      if (url.hostname === '' && !url.searchParams.has('host')) throw new Error('no host');
    } catch {
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--db',
        expected: 'postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE',
        got: 'a postgres URL without a host',
      });
    }
    return { kind: 'postgres', url: text };
  }
  throw new InputError(ErrorCode.InvalidOption, {
    field: '--db',
    message: `unsupported database scheme "${scheme}://"`,
    expected: 'a SQLite file path, ":memory:", or a postgres:// (postgresql://) URL',
    got: `${scheme}://…`,
  });
}

/** Bounds of `--lease-period`, seconds: below a second the database polls too often; beyond a minute nobody waits. */
const LEASE_PERIOD_MIN_SEC = 0.5;
const LEASE_PERIOD_MAX_SEC = 60;

/** How replicas elect their leader: `--leader-lease`, else the advisory lock of a shared PostgreSQL, else none. */
async function parseElection(opts: ServeOptions, database: ServeDatabase): Promise<ServeElection> {
  if (opts.leaderLease !== undefined) {
    const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(opts.leaderLease);
    if (!m) {
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--leader-lease',
        expected: 'NAMESPACE/NAME of the Lease kube-scheduler holds (e.g. hyperfleet/hyperfleet-scheduler)',
        got: opts.leaderLease,
      });
    }
    if (opts.kubeconfig === undefined) {
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--leader-lease',
        message: 'watching a Lease needs the API server: give --kubeconfig FILE (or "in-cluster")',
      });
    }
    const identity = opts.leaderIdentity ?? process.env.POD_NAME ?? hostname();
    return { kind: 'kubernetes-lease', namespace: m[1], name: m[3], identity };
  }
  if (database.kind !== 'postgres') return { kind: 'sole' };
  const { parseDuration } = await import('../../measure/index.js');
  const seconds = parseDuration('--lease-period', opts.leasePeriod);
  if (seconds < LEASE_PERIOD_MIN_SEC || seconds > LEASE_PERIOD_MAX_SEC) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--lease-period',
      expected: 'a duration from 0.5s to 60s, such as 4s',
      got: opts.leasePeriod,
    });
  }
  return { kind: 'postgres-advisory-lock', periodMs: Math.round(seconds * 1000) };
}

/** Checks the options in the order a user reads them and reads the token and TLS files; throws an InputError. */
export async function parseServeOptions(opts: ServeOptions): Promise<ServeSettings> {
  const port = parsePort(opts.port);
  const durability = parseDurability(opts.durability);
  const ttlSeconds = parseInteger('--reservation-ttl', opts.reservationTtl, 1);
  const confirm = resolveConfirmMode(opts.confirm, opts.kubeconfig !== undefined);
  const deviceProtocol = parseDeviceProtocol(opts.deviceProtocol);
  const defragStepTimeoutMs = await parseStepTimeout(opts.defragStepTimeout);
  const token = readToken(opts);
  const tls = readTls(opts);
  checkExposure(opts.host, token, tls);
  const database = parseDatabase(opts.db);
  const election = await parseElection(opts, database);
  return {
    database,
    election,
    port,
    durability,
    reservationTtlMs: ttlSeconds * 1000,
    defragStepTimeoutMs,
    token,
    tls,
    policy: opts.policy === undefined ? undefined : parseAnyPolicy(opts.policy),
    confirm,
    deviceProtocol,
  };
}
