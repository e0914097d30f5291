/**
 * @module schedule/store
 * The live service's durable state in an embedded SQLite database (better-sqlite3, WAL journal): the node
 * inventory, every placement, and settings such as the active policy. Each change is one transaction, written
 * before the in-memory state changes, so an answered bind survives a crash of the process (kill -9) and a
 * restart rebuilds exactly the state it left.
 *
 * In WAL mode with `synchronous = NORMAL` (the default) a commit is in the WAL file when the call returns, so it
 * survives a crashed or killed process; only a power loss or OS crash may lose the last commits. `FULL`
 * (`--durability full`) makes each commit durable against those too, at the cost of an fsync per bind (~5 ms
 * on this project's CI disks, which would cap binds near 200/s).
 */
import Database from 'better-sqlite3';
import type { NodeSpec, PodSpec } from '../model/index.js';
import type { PodTraits } from './pod-traits.js';

/** A placement as stored: where a pod runs, on which devices, and the request it was placed with. */
export interface StoredPlacement {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  readonly devices: readonly number[];
  readonly milliPerDevice: number;
  readonly spec: PodSpec;
  /** What decides whether a defrag plan may move the pod (absent when unknown, e.g. stored before version 2). */
  readonly traits?: PodTraits;
  /** Unix milliseconds when bound. */
  readonly boundAt: number;
}

/** A defrag plan being executed, or executed: its plan and step progress as JSON (schedule/defrag). */
export interface StoredDefragPlan {
  readonly id: string;
  readonly createdAt: number;
  readonly status: string;
  readonly plan: unknown;
  readonly progress: unknown;
}

export type Durability = 'full' | 'normal';

/** Schema version kept in SQLite's `user_version`; a database from a newer hyperfleet is refused. */
const SCHEMA_VERSION = 3;

/** Version 1 (exported for the tests that migrate a database of an earlier version). */
export const SQLITE_SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS nodes (
  name TEXT PRIMARY KEY,
  ord INTEGER NOT NULL,
  cpu_milli INTEGER NOT NULL,
  mem_mib INTEGER NOT NULL,
  gpu_count INTEGER NOT NULL,
  gpu_model TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS placements (
  uid TEXT PRIMARY KEY,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  node TEXT NOT NULL,
  devices TEXT NOT NULL,
  milli_per_device INTEGER NOT NULL,
  spec TEXT NOT NULL,
  bound_at INTEGER NOT NULL,
  seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS placements_by_pod ON placements (namespace, name);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * Migrations from the version before to the one of their index + 2 ({@link SQLITE_SCHEMA_V1} is version 1), run in
 * order in one transaction when a database is opened.
 * - 2 (issue 16, defrag): placements keep the pod's traits (QoS, hyperfleet annotations, owner kind, local
 *   storage: what decides whether a plan may move it); defrag plans and their step progress are kept, so that a
 *   restart resumes or cleans up an execution.
 * - 3 (issue 17, fleet views): nodes keep their description — pool, labels (a JSON object), cordoned (0/1) — so a
 *   node registered over the API alone has it again after a restart. NULL where the node has none (rows of
 *   version 2 read back exactly as before).
 */
export const SQLITE_MIGRATIONS = [
  `ALTER TABLE placements ADD COLUMN traits TEXT;
   CREATE TABLE defrag_plans (
     id TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     status TEXT NOT NULL,
     plan TEXT NOT NULL,
     progress TEXT NOT NULL
   );`,
  `ALTER TABLE nodes ADD COLUMN pool TEXT;
   ALTER TABLE nodes ADD COLUMN labels TEXT;
   ALTER TABLE nodes ADD COLUMN cordoned INTEGER;`,
];

/** A row of `nodes`, in both dialects. */
export interface NodeRow {
  name: string;
  ord: number;
  cpu_milli: number;
  mem_mib: number;
  gpu_count: number;
  gpu_model: string;
  pool: string | null;
  labels: string | null;
  cordoned: number | null;
}

interface PlacementRow {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  devices: string;
  milli_per_device: number;
  spec: string;
  traits: string | null;
  bound_at: number;
}

/** Where the service keeps its state (`SqliteStore`; `:memory:` keeps nothing across restarts). */
export interface Store {
  /** Nodes in registration order. */
  loadNodes(): NodeSpec[];
  /** Placements in bind order. */
  loadPlacements(): StoredPlacement[];
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
  /** Adds or replaces nodes, capacity and description (a replaced node keeps its place in the order). */
  upsertNodes(nodes: readonly NodeSpec[]): void;
  /** Removes a node and every placement on it. */
  deleteNode(name: string): void;
  /** Adds a placement; throws when the pod (uid, or namespace/name) is already placed. */
  addPlacement(p: StoredPlacement): void;
  /** Adds a placement of a pod the caller does not hold, replacing a stored row of the same pod (a stale one). */
  supersedePlacement(p: StoredPlacement): void;
  /** Removes a placement by uid; false when there was none. */
  deletePlacement(uid: string): boolean;
  /** Adds or replaces a defrag plan's row (its status and progress after each step). */
  saveDefragPlan(p: StoredDefragPlan): void;
  /** Defrag plans in the order created. */
  loadDefragPlans(): StoredDefragPlan[];
  /**
   * Resolves once every change made so far is durable; absent when each call is durable on return (SQLite).
   * PostgreSQL commits asynchronously (schedule/postgres-store), so the server awaits this before answering.
   */
  flush?(): Promise<void>;
  close(): void;
}

/** SQLite store on a file (WAL) or `:memory:`. */
export class SqliteStore implements Store {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly statements;
  private seq: number;

  constructor(file: string, durability: Durability = 'normal') {
    this.file = file;
    this.db = new Database(file);
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      this.db.close();
      throw new Error(
        `${file}: database schema version ${version} is newer than this hyperfleet understands (${SCHEMA_VERSION}); upgrade hyperfleet`,
      );
    }
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.transaction(() => {
      this.db.exec(SQLITE_SCHEMA_V1);
      for (let v = Math.max(version, 1) + 1; v <= SCHEMA_VERSION; v++) this.db.exec(SQLITE_MIGRATIONS[v - 2]);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    const db = this.db;
    this.statements = {
      nodes: db.prepare<[], NodeRow>('SELECT * FROM nodes ORDER BY ord'),
      placements: db.prepare<[], PlacementRow>('SELECT * FROM placements ORDER BY seq'),
      maxOrd: db.prepare<[], { m: number | null }>('SELECT MAX(ord) AS m FROM nodes'),
      maxSeq: db.prepare<[], { m: number | null }>('SELECT MAX(seq) AS m FROM placements'),
      nodeOrd: db.prepare<[string], { ord: number }>('SELECT ord FROM nodes WHERE name = ?'),
      upsertNode: db.prepare(
        `INSERT INTO nodes (name, ord, cpu_milli, mem_mib, gpu_count, gpu_model, pool, labels, cordoned)
         VALUES (@name, @ord, @cpu_milli, @mem_mib, @gpu_count, @gpu_model, @pool, @labels, @cordoned)
         ON CONFLICT(name) DO UPDATE SET cpu_milli = excluded.cpu_milli, mem_mib = excluded.mem_mib,
           gpu_count = excluded.gpu_count, gpu_model = excluded.gpu_model, pool = excluded.pool,
           labels = excluded.labels, cordoned = excluded.cordoned`,
      ),
      deleteNode: db.prepare<[string]>('DELETE FROM nodes WHERE name = ?'),
      deleteNodePlacements: db.prepare<[string]>('DELETE FROM placements WHERE node = ?'),
      addPlacement: db.prepare(
        `INSERT INTO placements (uid, namespace, name, node, devices, milli_per_device, spec, traits, bound_at, seq)
         VALUES (@uid, @namespace, @name, @node, @devices, @milliPerDevice, @spec, @traits, @boundAt, @seq)`,
      ),
      deletePlacement: db.prepare<[string]>('DELETE FROM placements WHERE uid = ?'),
      deleteSamePod: db.prepare<{ uid: string; namespace: string; name: string }>(
        'DELETE FROM placements WHERE uid = @uid OR (namespace = @namespace AND name = @name)',
      ),
      saveDefragPlan: db.prepare(
        `INSERT INTO defrag_plans (id, created_at, status, plan, progress) VALUES (@id, @createdAt, @status, @plan, @progress)
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, progress = excluded.progress`,
      ),
      defragPlans: db.prepare<
        [],
        { id: string; created_at: number; status: string; plan: string; progress: string }
      >('SELECT * FROM defrag_plans ORDER BY created_at, rowid'),
      getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
    this.seq = this.statements.maxSeq.get()?.m ?? 0;
  }

  loadNodes(): NodeSpec[] {
    return this.statements.nodes.all().map((r) => nodeFromRow(r));
  }

  loadPlacements(): StoredPlacement[] {
    return this.statements.placements.all().map((r) => ({
      uid: r.uid,
      namespace: r.namespace,
      name: r.name,
      node: r.node,
      devices: JSON.parse(r.devices) as number[],
      milliPerDevice: r.milli_per_device,
      spec: JSON.parse(r.spec) as PodSpec,
      ...(r.traits !== null ? { traits: JSON.parse(r.traits) as PodTraits } : {}),
      boundAt: r.bound_at,
    }));
  }

  getSetting(key: string): string | undefined {
    return this.statements.getSetting.get(key)?.value;
  }

  setSetting(key: string, value: string): void {
    this.statements.setSetting.run(key, value);
  }

  upsertNodes(nodes: readonly NodeSpec[]): void {
    const { statements } = this;
    this.db.transaction(() => {
      let next = (statements.maxOrd.get()?.m ?? -1) + 1;
      for (const n of nodes) {
        const ord = statements.nodeOrd.get(n.name)?.ord ?? next++;
        statements.upsertNode.run({ ...nodeRow(n), ord });
      }
    })();
  }

  deleteNode(name: string): void {
    this.db.transaction(() => {
      this.statements.deleteNodePlacements.run(name);
      this.statements.deleteNode.run(name);
    })();
  }

  /**
   * Stores a binding, replacing any stored row of the same pod (uid, or namespace/name) in one transaction — for a
   * pod the caller knows it does not hold: a row a restart could not count again (its node gone or shrunk), which
   * the pod's new binding supersedes.
   */
  supersedePlacement(p: StoredPlacement): void {
    this.db.transaction(() => {
      this.statements.deleteSamePod.run({ uid: p.uid, namespace: p.namespace, name: p.name });
      this.addPlacement(p);
    })();
  }

  addPlacement(p: StoredPlacement): void {
    this.statements.addPlacement.run({
      uid: p.uid,
      namespace: p.namespace,
      name: p.name,
      node: p.node,
      devices: JSON.stringify(p.devices),
      milliPerDevice: p.milliPerDevice,
      spec: JSON.stringify(p.spec),
      traits: p.traits === undefined ? null : JSON.stringify(p.traits),
      boundAt: p.boundAt,
      seq: ++this.seq,
    });
  }

  deletePlacement(uid: string): boolean {
    return this.statements.deletePlacement.run(uid).changes > 0;
  }

  saveDefragPlan(p: StoredDefragPlan): void {
    this.statements.saveDefragPlan.run({
      id: p.id,
      createdAt: p.createdAt,
      status: p.status,
      plan: JSON.stringify(p.plan),
      progress: JSON.stringify(p.progress),
    });
  }

  loadDefragPlans(): StoredDefragPlan[] {
    return this.statements.defragPlans.all().map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      status: r.status,
      plan: JSON.parse(r.plan) as unknown,
      progress: JSON.parse(r.progress) as unknown,
    }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** A node's columns (the description's, NULL where absent; `cordoned` 0/1, as SQLite has no boolean). */
export function nodeRow(n: NodeSpec): Omit<NodeRow, 'ord'> {
  return {
    name: n.name,
    cpu_milli: n.cpuMilli,
    mem_mib: n.memMiB,
    gpu_count: n.gpuCount,
    gpu_model: n.gpuModel,
    pool: n.pool ?? null,
    labels: n.labels === undefined ? null : JSON.stringify(n.labels),
    cordoned: n.cordoned === undefined ? null : n.cordoned ? 1 : 0,
  };
}

/** A node read back: capacity, and the description fields the row has (none for a row of version 2). */
export function nodeFromRow(r: Omit<NodeRow, 'ord'>): NodeSpec {
  return {
    name: r.name,
    cpuMilli: Number(r.cpu_milli),
    memMiB: Number(r.mem_mib),
    gpuCount: Number(r.gpu_count),
    gpuModel: r.gpu_model,
    ...(r.pool !== null && { pool: r.pool }),
    ...(r.labels !== null && { labels: JSON.parse(r.labels) as Record<string, string> }),
    ...(r.cordoned !== null && { cordoned: Number(r.cordoned) === 1 }),
  };
}
