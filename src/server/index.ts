/**
 * @module server
 * The HTTP front-end of every pillar: the kube-scheduler extender protocol, the REST API under /v1, the dashboard,
 * /metrics and the health probes. Decisions and state live in schedule/; this folder only speaks HTTP.
 */
export { type AppLogOptions, type AppOptions, BODY_LIMIT, buildApp, EXTENDER_BODY_LIMIT } from './app.js';
export { DefragPlanAnswer, Snapshot } from './api/index.js';
