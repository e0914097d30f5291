/**
 * @module server/api
 * The HTTP API as data: one zod schema per request and response body, one contract per route (method, URL,
 * parameters, body, answers), resource by resource. The routes are registered from the contracts and read their
 * requests with them; the OpenAPI document at /docs is generated from them; the dashboard (web/) imports their
 * types (type-only), so a page reading a field the server does not send fails to compile.
 */
export {
  type ApiRoute,
  apiRoute,
  type MediaResponse,
  type ParamsOf,
  type QueryOf,
  type ResponseIn,
  type ResponseOut,
  type ResponseSpec,
  schemaOfResponse,
  type Wire,
} from './route-contract.js';
export { ErrorBody, InputIssue } from './errors.js';
export { errorResponses, errorStatuses, openApiSchema, schemaOf, shareErrorBody } from './openapi.js';
export { parseBody, parseParameters } from './parse.js';
export type { Expect, SameShape } from './type-equality.js';
export * from './nodes.js';
export * from './placements.js';
export * from './policy.js';
export * from './fleet.js';
export * from './what-if.js';
export * from './defrag.js';
export * from './simulations.js';
export * from './plans.js';
export * from './measurements.js';
export * from './health.js';
export * from './snapshot.js';

import { nodeRoutes } from './nodes.js';
import { placementRoutes } from './placements.js';
import { policyRoutes } from './policy.js';
import { fleetRoutes } from './fleet.js';
import { whatIfRoutes } from './what-if.js';
import { defragRoutes } from './defrag.js';
import { simulationRoutes } from './simulations.js';
import { planRoutes } from './plans.js';
import { measurementRoutes } from './measurements.js';
import { healthRoutes } from './health.js';
import { snapshotRoutes } from './snapshot.js';
import type { ApiRoute } from './route-contract.js';

/** Every route contract of the API (the extender protocol's routes are documented in server/extender). */
export const API_ROUTES: readonly ApiRoute[] = [
  ...Object.values(healthRoutes),
  ...Object.values(nodeRoutes),
  ...Object.values(placementRoutes),
  ...Object.values(snapshotRoutes),
  ...Object.values(policyRoutes),
  ...Object.values(fleetRoutes),
  ...Object.values(whatIfRoutes),
  ...Object.values(defragRoutes),
  ...Object.values(simulationRoutes),
  ...Object.values(planRoutes),
  ...Object.values(measurementRoutes),
];
