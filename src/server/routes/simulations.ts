/**
 * @module server/routes/simulations
 * REST routes for simulation runs (issue 7 builds these out). Placeholder registered by app.ts.
 */
import type { FastifyInstance } from 'fastify';

export async function simulationRoutes(_app: FastifyInstance): Promise<void> {}
