/**
 * @module schedule/postgres-store
 * The live service's state in PostgreSQL (`serve --db postgres://…`), shared by replicas: the same {@link Store}
 * as SQLite's, on one dedicated connection (node-postgres `pg.Client`).
 *
 * Why the synchronous interface stays: the decision path (filter, bind, on one thread, schedule/binding) must not
 * interleave, and an `await` inside it would let two binds race. So the replica that decides keeps its in-memory
 * state authoritative, as with SQLite, and this store keeps a mirror of the tables: a change is applied to the
 * mirror at once (duplicates refused synchronously, as SQLite's constraints do) and its SQL is queued, in order,
 * on the connection. {@link PostgresStore.flush} resolves once every change queued so far is committed, and the
 * server awaits it before answering any change with success (server/durable-answers): every bind answered with
 * success is in PostgreSQL. A write that fails makes every later flush fail (the replica's memory and the database
 * may differ): the replica stops deciding, and rebuilds from the database ({@link PostgresStore.refresh}) before it
 * decides again.
 *
 * Fencing: the leader's advisory lock lives on this same connection (schedule/advisory-lock-leadership), so a
 * write can only commit while the session that holds the lock is alive — a deposed leader's writes fail with its
 * connection. A replica that does not decide is {@link PostgresStore.readOnly}: its changes (e.g. what a watch
 * reports) stay in its mirror.
 */
import pg from 'pg';
import type { NodeSpec, PodSpec } from '../model/index.js';
import type { PodTraits } from './pod-traits.js';
import { migratePostgres } from './postgres-schema.js';
import {
  nodeFromRow,
  nodeRow,
  type NodeRow,
  type Store,
  type StoredDefragPlan,
  type StoredPlacement,
} from './store.js';

/** How the connection is kept alive and how fast a dead peer is noticed. */
export interface PostgresSessionOptions {
  /** Connection timeout, ms (default 5000). */
  readonly connectTimeoutMs?: number;
  /**
   * The server ends this session after this many ms without a query (PostgreSQL's `idle_session_timeout`),
   * releasing its locks: a frozen replica loses leadership. 0 leaves the server's setting.
   */
  readonly idleSessionTimeoutMs?: number;
}

type Query = readonly [text: string, values?: readonly unknown[]];

interface PlacementRow {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  devices: string;
  milli_per_device: number;
  spec: string;
  traits: string | null;
  bound_at: string;
  seq: string;
}

/** A URL's credentials hidden, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_m, auth: string) => `//${auth.split(':')[0]}:***@`);
}

export class PostgresStore implements Store {
  /** When true, changes stay in the mirror (a replica that does not decide must not write). */
  readOnly = false;
  private readonly nodes = new Map<string, NodeSpec>();
  private readonly nodeOrd = new Map<string, number>();
  private nextOrd = 0;
  private readonly placements = new Map<string, StoredPlacement>();
  /** `namespace/name` → uid. */
  private readonly podNames = new Map<string, string>();
  private seq = 0;
  private readonly settings = new Map<string, string>();
  private readonly defragPlans = new Map<string, StoredDefragPlan>();
  private pending: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private lost: Error | undefined;
  private readonly lostListeners = new Set<(why: Error) => void>();

  private constructor(
    readonly url: string,
    private readonly client: pg.Client,
  ) {
    const lose = (why: Error): void => {
      if (this.lost) return;
      this.lost = why;
      for (const l of this.lostListeners) l(why);
    };
    client.on('error', (e) => lose(e));
    client.on('end', () => lose(new Error('the connection to PostgreSQL ended')));
  }

  /** Connects, creates or migrates the schema, and reads the tables into the mirror. */
  static async open(url: string, options: PostgresSessionOptions = {}): Promise<PostgresStore> {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // Client-side keepalive: a dead server host is noticed without waiting for a query.
      keepAlive: true,
      keepAliveInitialDelayMillis: 1000,
      application_name: 'hyperfleet serve',
    });
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    const store = new PostgresStore(url, client);
    try {
      // Server-side keepalive: the server notices a dead client host (no FIN) within ~5 s and drops its locks.
      await client.query(
        'SET tcp_keepalives_idle = 2; SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3',
      );
      if (options.idleSessionTimeoutMs) {
        await client.query(`SET idle_session_timeout = ${Math.round(options.idleSessionTimeoutMs)}`);
      }
      await migratePostgres(client);
      await store.refresh();
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    return store;
  }

  /** Calls `listener` once when the connection is lost (its locks, hence leadership, are gone with it). */
  onConnectionLost(listener: (why: Error) => void): () => void {
    if (this.lost) listener(this.lost);
    else this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Runs `query` on the connection after every change queued before it (e.g. the leader's lock). */
  async session<T extends pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<T[]> {
    const run = this.pending.then(() => this.client.query<T>(text, values as unknown[]));
    this.pending = run.then(
      () => undefined,
      () => undefined,
    );
    return (await run).rows;
  }

  /** Resolves once every change queued so far is committed; rejects when one failed (since the last refresh). */
  async flush(): Promise<void> {
    await this.pending;
    if (this.failure) throw this.failure;
  }

  /** Reads every table into the mirror again (a replica about to decide); clears a past write failure. */
  async refresh(): Promise<void> {
    const read = async () => {
      // One snapshot of the four tables (a follower reads while the leader writes), one query at a time (a
      // connection runs one query at once; node-postgres deprecates queueing them).
      const client = this.client;
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const nodes = await client.query<NodeRow>('SELECT * FROM nodes ORDER BY ord');
        const placements = await client.query<PlacementRow>('SELECT * FROM placements ORDER BY seq');
        const settings = await client.query<{ key: string; value: string }>(
          'SELECT key, value FROM settings',
        );
        const plans = await client.query<{
          id: string;
          created_at: string;
          status: string;
          plan: string;
          progress: string;
        }>('SELECT * FROM defrag_plans ORDER BY created_at, id');
        await client.query('COMMIT');
        return { nodes: nodes.rows, placements: placements.rows, settings: settings.rows, plans: plans.rows };
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    };
    const run = this.pending.then(read);
    this.pending = run.then(
      () => undefined,
      () => undefined,
    );
    const rows = await run;
    this.nodes.clear();
    this.nodeOrd.clear();
    this.nextOrd = 0;
    for (const r of rows.nodes) {
      this.nodes.set(r.name, nodeFromRow(r));
      this.nodeOrd.set(r.name, r.ord);
      this.nextOrd = Math.max(this.nextOrd, r.ord + 1);
    }
    this.placements.clear();
    this.podNames.clear();
    this.seq = 0;
    for (const r of rows.placements) {
      this.remember({
        uid: r.uid,
        namespace: r.namespace,
        name: r.name,
        node: r.node,
        devices: JSON.parse(r.devices) as number[],
        milliPerDevice: r.milli_per_device,
        spec: JSON.parse(r.spec) as PodSpec,
        ...(r.traits !== null ? { traits: JSON.parse(r.traits) as PodTraits } : {}),
        boundAt: Number(r.bound_at),
      });
      this.seq = Math.max(this.seq, Number(r.seq));
    }
    this.settings.clear();
    for (const r of rows.settings) this.settings.set(r.key, r.value);
    this.defragPlans.clear();
    for (const r of rows.plans) {
      this.defragPlans.set(r.id, {
        id: r.id,
        createdAt: Number(r.created_at),
        status: r.status,
        plan: JSON.parse(r.plan) as unknown,
        progress: JSON.parse(r.progress) as unknown,
      });
    }
    this.failure = undefined;
  }

  loadNodes(): NodeSpec[] {
    return [...this.nodes.values()];
  }

  loadPlacements(): StoredPlacement[] {
    return [...this.placements.values()];
  }

  getSetting(key: string): string | undefined {
    return this.settings.get(key);
  }

  setSetting(key: string, value: string): void {
    this.settings.set(key, value);
    this.write([
      [
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      ],
    ]);
  }

  upsertNodes(nodes: readonly NodeSpec[]): void {
    const queries: Query[] = [];
    for (const n of nodes) {
      const ord = this.nodeOrd.get(n.name) ?? this.nextOrd++;
      this.nodeOrd.set(n.name, ord);
      const row = nodeRow(n);
      // The mirror holds what a read of the row gives back (as SQLite's loadNodes would).
      this.nodes.set(n.name, nodeFromRow(row));
      queries.push([
        `INSERT INTO nodes (name, ord, cpu_milli, mem_mib, gpu_count, gpu_model, pool, labels, cordoned)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (name) DO UPDATE SET cpu_milli = excluded.cpu_milli, mem_mib = excluded.mem_mib,
           gpu_count = excluded.gpu_count, gpu_model = excluded.gpu_model, pool = excluded.pool,
           labels = excluded.labels, cordoned = excluded.cordoned`,
        [
          row.name,
          ord,
          row.cpu_milli,
          row.mem_mib,
          row.gpu_count,
          row.gpu_model,
          row.pool,
          row.labels,
          row.cordoned,
        ],
      ]);
    }
    this.write(queries);
  }

  deleteNode(name: string): void {
    for (const p of [...this.placements.values()]) if (p.node === name) this.forget(p.uid);
    this.nodes.delete(name);
    this.nodeOrd.delete(name);
    this.write([
      ['DELETE FROM placements WHERE node = $1', [name]],
      ['DELETE FROM nodes WHERE name = $1', [name]],
    ]);
  }

  addPlacement(p: StoredPlacement): void {
    const samePod = this.podNames.get(`${p.namespace}/${p.name}`);
    if (this.placements.has(p.uid) || samePod !== undefined) {
      throw new Error(
        `UNIQUE constraint failed: pod ${p.namespace}/${p.name} (uid ${p.uid}) is already stored`,
      );
    }
    this.remember(p);
    this.write([this.insertPlacement(p)]);
  }

  supersedePlacement(p: StoredPlacement): void {
    const samePod = this.podNames.get(`${p.namespace}/${p.name}`);
    if (samePod !== undefined) this.forget(samePod);
    this.forget(p.uid);
    this.remember(p);
    this.write([
      [
        'DELETE FROM placements WHERE uid = $1 OR (namespace = $2 AND name = $3)',
        [p.uid, p.namespace, p.name],
      ],
      this.insertPlacement(p),
    ]);
  }

  deletePlacement(uid: string): boolean {
    if (!this.forget(uid)) return false;
    this.write([['DELETE FROM placements WHERE uid = $1', [uid]]]);
    return true;
  }

  saveDefragPlan(p: StoredDefragPlan): void {
    const known = this.defragPlans.get(p.id);
    // As SQLite's upsert: a known plan keeps its creation time and plan; status and progress change.
    this.defragPlans.set(p.id, known ? { ...known, status: p.status, progress: p.progress } : p);
    this.write([
      [
        `INSERT INTO defrag_plans (id, created_at, status, plan, progress) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, progress = excluded.progress`,
        [p.id, p.createdAt, p.status, JSON.stringify(p.plan), JSON.stringify(p.progress)],
      ],
    ]);
  }

  loadDefragPlans(): StoredDefragPlan[] {
    return [...this.defragPlans.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Ends the connection after the queued changes (graceful shutdown); its locks are released. */
  close(): void {
    this.lostListeners.clear();
    void this.pending.then(() => this.client.end()).catch(() => undefined);
  }

  /** Closes and resolves once the connection is ended. */
  async end(): Promise<void> {
    this.lostListeners.clear();
    await this.pending;
    await this.client.end().catch(() => undefined);
  }

  private insertPlacement(p: StoredPlacement): Query {
    return [
      `INSERT INTO placements (uid, namespace, name, node, devices, milli_per_device, spec, traits, bound_at, seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        p.uid,
        p.namespace,
        p.name,
        p.node,
        JSON.stringify(p.devices),
        p.milliPerDevice,
        JSON.stringify(p.spec),
        p.traits === undefined ? null : JSON.stringify(p.traits),
        p.boundAt,
        ++this.seq,
      ],
    ];
  }

  private remember(p: StoredPlacement): void {
    this.placements.set(p.uid, p);
    this.podNames.set(`${p.namespace}/${p.name}`, p.uid);
  }

  private forget(uid: string): boolean {
    const p = this.placements.get(uid);
    if (!p) return false;
    this.placements.delete(uid);
    this.podNames.delete(`${p.namespace}/${p.name}`);
    return true;
  }

  /** Queues `queries` as one transaction (when several); a failure is kept for {@link flush}. */
  private write(queries: readonly Query[]): void {
    if (this.readOnly || queries.length === 0) return;
    const client = this.client;
    const several = queries.length > 1;
    this.pending = this.pending.then(async () => {
      if (this.failure) return;
      try {
        if (several) await client.query('BEGIN');
        for (const [text, values] of queries) await client.query(text, values as unknown[]);
        if (several) await client.query('COMMIT');
      } catch (e) {
        this.failure ??= e as Error;
        if (several) await client.query('ROLLBACK').catch(() => undefined);
      }
    });
  }
}
