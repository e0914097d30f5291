/**
 * @module server/dashboard
 * Serves the built web dashboard at / (issue 7 builds this out). Placeholder registered by app.ts.
 */
import type { FastifyInstance } from 'fastify';

export async function dashboardRoutes(_app: FastifyInstance): Promise<void> {}
