/** Types of `postgres.js`: a real, throwaway PostgreSQL server for tests and benchmarks. */
export interface RunningPostgres {
  host: string;
  port: number;
  /** The cluster's temporary folder (data, socket, `server.log`). */
  dir: string;
  /** The `postgres` database as the superuser `hyperfleet`. */
  url: string;
  databaseUrl(name: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}
export function postgresBinDir(): string | undefined;
export function postgresUnavailableReason(): string | undefined;
export function startPostgres(options?: { port?: number; maxConnections?: number }): Promise<RunningPostgres>;
