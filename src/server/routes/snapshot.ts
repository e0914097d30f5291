/**
 * @module server/routes/snapshot
 * `GET /v1/snapshot` (contract in server/api/snapshot): the live fleet as a fleet file and its bound pods as
 * placements, taken from one consistent state (schedule/snapshot). A node model without a catalog id is a 400
 * naming the model and the `map` parameter that maps it.
 */
import type { FastifyInstance } from 'fastify';
import { loadCatalog } from '../../catalog/index.js';
import { isInputError, InputError } from '../../errors/index.js';
import { parseModelMap } from '../../fleet/index.js';
import { takeSnapshot } from '../../schedule/index.js';
import { snapshotRoutes } from '../api/index.js';
import { serveRoute } from './serve-route.js';

export async function snapshotRoutesPlugin(app: FastifyInstance): Promise<void> {
  // The built-in catalog (node models that are catalog ids map to themselves), loaded at the first snapshot.
  let catalog: ReturnType<typeof loadCatalog> | undefined;
  serveRoute(app, snapshotRoutes.get, async ({ query }) => {
    catalog ??= loadCatalog();
    const map = query.map === undefined ? undefined : parseModelMap(query.map, 'map');
    const { live } = app;
    try {
      return takeSnapshot(live.state.nodes, live.listPlacements(), live.listReservations().length, {
        catalog,
        ...(map ? { map } : {}),
      });
    } catch (e) {
      if (!isInputError(e)) throw e;
      // The fleet conversion names the model; here the way to fix it is the `map` parameter.
      throw new InputError(
        e.code,
        e.issues.map((i) => ({ ...i, message: `${i.message ?? ''} (give ?map=MODEL=CATALOG_ID)`.trim() })),
      );
    }
  });
}
