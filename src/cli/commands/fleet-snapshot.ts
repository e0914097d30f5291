/**
 * @module cli/commands/fleet-snapshot
 * `hyperfleet fleet snapshot`: today's cluster as files the simulators read — from a live service
 * (`--server URL`: `GET /v1/snapshot`) or straight from a Kubernetes API server (`--kubeconfig FILE`: its Nodes and
 * Pods read with the same resource map and the same sync as `serve`, schedule/kube). Writes into `--out DIR`:
 * - `fleet.yaml`: the fleet file of the nodes with devices, node names kept (`--fleet` of run, plan, defrag);
 * - `placements.json`: the bound pods, as `GET /v1/placements` answers (`run --initial`, `defrag --placements`);
 * - `pods.csv`: the same pods as an openb pod list (a workload the simulators re-decide: `run --workload`,
 *   `simulate --pods`), each running from its bind to the snapshot (censored: its end is unknown);
 * - `nodes.csv`: the nodes as an openb node list (`simulate --nodes`).
 * Every file is read back with the reader that will use it before the command reports success.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ErrorCode, InputError } from '../../errors/index.js';
import type { CatalogLookup } from '../../fleet/index.js';
import type { LiveSnapshot } from '../../schedule/index.js';
import { writeOutputFile } from '../output-file.js';
import { askService, serverFailure } from './service-request.js';

interface SnapshotCliOptions {
  server?: string;
  token?: string;
  kubeconfig?: string;
  resourceMap?: string;
  map?: string;
  out: string;
  json?: boolean;
}

/** How long a service may take to answer a snapshot. */
const TIMEOUT_MS = 60_000;

export function registerSnapshot(fleet: Command, catalog: () => CatalogLookup | undefined): void {
  fleet
    .command('snapshot')
    .description(
      'write a live cluster as a fleet file, its running pods as placements and a workload (docs/cli.md)',
    )
    .option('--server <url>', 'a live hyperfleet service (GET /v1/snapshot)')
    .option('--token <token>', 'bearer token of the service (default: $HYPERFLEET_TOKEN)')
    .option('--kubeconfig <file>', 'read Nodes and Pods from the Kubernetes API server instead')
    .option('--resource-map <file>', 'with --kubeconfig: resource map, as serve --resource-map')
    .option('--map <pairs>', 'node model → catalog id for models the catalog lacks, e.g. G2=nvidia-h20')
    .requiredOption('--out <dir>', 'folder to write fleet.yaml, placements.json, pods.csv and nodes.csv into')
    .option('--json', 'print a summary as one JSON object')
    .action(async (opts: SnapshotCliOptions) => {
      const { snapshot, issues, source } = await takeFrom(opts, catalog());
      const summary = await writeSnapshot(snapshot, opts.out, catalog());
      const out = { source, ...summary, issues };
      for (const issue of issues) process.stderr.write(`warning: ${issue}\n`);
      if (opts.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else process.stdout.write(summaryText(out));
    });
}

/** A snapshot as read from a service: its fleet is checked when the fleet file is written. */
type SnapshotData = Omit<LiveSnapshot, 'fleet'> & { readonly fleet: unknown };

type Taken = { snapshot: SnapshotData; issues: string[]; source: string };

/** The snapshot from the one source given: a service, or an API server. */
async function takeFrom(opts: SnapshotCliOptions, catalog: CatalogLookup | undefined): Promise<Taken> {
  if ((opts.server === undefined) === (opts.kubeconfig === undefined)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: opts.server === undefined ? '--server' : '--kubeconfig',
      message:
        opts.server === undefined
          ? 'missing: give --server URL (a live service) or --kubeconfig FILE (a Kubernetes API server)'
          : '--server and --kubeconfig cannot be combined: give one of the two',
    });
  }
  if (opts.server !== undefined) {
    const token = opts.token ?? process.env.HYPERFLEET_TOKEN;
    const query = opts.map === undefined ? '' : `?map=${encodeURIComponent(opts.map)}`;
    const { url, data } = await askService(opts.server, token, {
      method: 'GET',
      path: `/v1/snapshot${query}`,
      timeoutMs: TIMEOUT_MS,
    });
    const { Snapshot } = await import('../../server/index.js');
    const parsed = Snapshot.safeParse(data);
    if (!parsed.success)
      throw serverFailure(`${url.href} did not answer a snapshot; is it a hyperfleet service?`);
    return { snapshot: parsed.data, issues: [], source: url.origin };
  }
  return fromKube(opts.kubeconfig!, opts, catalog);
}

/**
 * Nodes and bound pods of an API server, through a throw-away live scheduler fed by the same sync as `serve`
 * (so devices are read and assigned as the service would); pods that cannot be read are reported by name.
 */
async function fromKube(
  file: string,
  opts: SnapshotCliOptions,
  catalog: CatalogLookup | undefined,
): Promise<Taken> {
  const [
    { LiveScheduler, loadKubeConfig, loadResourceModels, startKubeSync, takeSnapshot },
    { createPolicy },
  ] = await Promise.all([import('../../schedule/index.js'), import('../../policies/index.js')]);
  const { parseModelMap } = await import('../../fleet/index.js');
  const config = loadKubeConfig(file);
  const resourceModels = await loadResourceModels(opts.resourceMap);
  const live = new LiveScheduler({ policy: createPolicy('bestfit') });
  const issues: string[] = [];
  const sync = await startKubeSync(config, live, { resourceModels, onIssue: (m) => issues.push(m) });
  try {
    await sync.synced;
  } catch (e) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--kubeconfig',
      file,
      message: (e as Error).message,
    });
  } finally {
    await sync.stop();
  }
  const map = opts.map === undefined ? undefined : parseModelMap(opts.map);
  const snapshot = takeSnapshot(live.state.nodes, live.listPlacements(), 0, {
    ...(catalog ? { catalog } : {}),
    ...(map ? { map } : {}),
  });
  live.close();
  return { snapshot, issues, source: config.getCurrentCluster()?.server ?? file };
}

/** Writes the four files and reads each back with its reader; the figures of what was written. */
async function writeSnapshot(snapshot: SnapshotData, dir: string, catalog: CatalogLookup | undefined) {
  const [
    { parseFleetText, stringifyFleet, expandFleet },
    { loadPlacementsFile },
    { formatOpenbNodes, formatOpenbPods, loadOpenbPods },
    { snapshotPods },
  ] = await Promise.all([
    import('../../fleet/index.js'),
    import('../../defrag/index.js'),
    import('../../traces/index.js'),
    import('../../schedule/index.js'),
  ]);
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--out',
      file: dir,
      message: `cannot create the folder: ${(e as Error).message}`,
    });
  }
  const files = {
    fleet: join(dir, 'fleet.yaml'),
    placements: join(dir, 'placements.json'),
    workload: join(dir, 'pods.csv'),
    nodes: join(dir, 'nodes.csv'),
  };
  // The service's fleet is checked as a fleet file (the same reader as --fleet) before anything is written.
  const fleet = parseFleetText(JSON.stringify(snapshot.fleet, null, 2), 'snapshot-fleet.json', catalog);
  const nodes = expandFleet(fleet).nodes;
  const comments = [
    `hyperfleet fleet snapshot taken at ${snapshot.takenAt}`,
    ...snapshot.assumptions.map((a) => `assumption: ${a}`),
    ...(snapshot.skipped.nodes.length > 0
      ? [
          `${snapshot.skipped.nodes.length} CPU-only node(s) left out, with ${snapshot.skipped.placements.length} pod(s)`,
        ]
      : []),
  ];
  await writeOutputFile(files.fleet, stringifyFleet(fleet, comments), '--out');
  const placements = { placements: snapshot.placements, gpuAllocationPercent: snapshot.gpuAllocationPercent };
  await writeOutputFile(files.placements, `${JSON.stringify(placements, null, 2)}\n`, '--out');
  const pods = snapshotPods(snapshot.placements, Date.parse(snapshot.takenAt));
  await writeOutputFile(files.workload, formatOpenbPods(pods), '--out');
  await writeOutputFile(files.nodes, formatOpenbNodes(nodes), '--out');
  // Read back as the commands will: a file a reader refuses is a bug here, not the user's to find later.
  loadPlacementsFile(files.placements, nodes);
  if (pods.length > 0) await loadOpenbPods(files.workload);
  const devices = nodes.reduce((sum, n) => sum + n.gpuCount, 0);
  return {
    takenAt: snapshot.takenAt,
    nodes: nodes.length,
    pools: fleet.pools.length,
    devices,
    pods: snapshot.placements.length,
    gpuAllocationPercent: snapshot.gpuAllocationPercent,
    reservations: snapshot.reservations,
    skipped: snapshot.skipped,
    assumptions: snapshot.assumptions,
    files,
  };
}

type Summary = Awaited<ReturnType<typeof writeSnapshot>> & { source: string; issues: string[] };

function summaryText(s: Summary): string {
  const lines = [
    `snapshot of ${s.source} at ${s.takenAt}: ${s.nodes} nodes in ${s.pools} pools, ${s.devices} devices, ` +
      `${s.pods} running pods, GPU allocation ${s.gpuAllocationPercent.toFixed(2)} %`,
    ...(s.reservations > 0 ? [`${s.reservations} reservation(s) not bound yet: not in the snapshot`] : []),
    ...(s.skipped.nodes.length > 0
      ? [
          `left out: ${s.skipped.nodes.length} CPU-only node(s) and the ${s.skipped.placements.length} pod(s) on them`,
        ]
      : []),
    ...s.assumptions.map((a) => `assumption: ${a}`),
    `wrote ${s.files.fleet}, ${s.files.placements}, ${s.files.workload}, ${s.files.nodes}`,
    `replay: hyperfleet run --fleet ${s.files.fleet} --initial ${s.files.placements} --workload …`,
  ];
  return `${lines.join('\n')}\n`;
}
