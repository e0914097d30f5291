/**
 * @module server/dashboard
 * Serves the web dashboard (the Vite build of `web/`, in `dist/web`) at `/`. Hashed assets under `/assets/` are
 * cached for a year; `index.html` is always revalidated. The app routes with the URL hash (`#/fleet`), so the
 * server needs no history fallback. When the bundle has not been built, `/` answers 503 with how to build it
 * (an HTML page for browsers, JSON otherwise) instead of an opaque 404.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { ErrorCode } from '../errors/index.js';
import { errorBody } from './error-handler.js';
import { projectRoot } from '../traces/index.js';

/** Where the built dashboard lives: `$HYPERFLEET_WEB_DIR`, else `<project root>/dist/web`. */
export function webDir(): string {
  return process.env.HYPERFLEET_WEB_DIR ?? join(projectRoot(), 'dist', 'web');
}

export const NOT_BUILT_MESSAGE =
  'the web dashboard is not built: run `npm run build:web` (or `npm run build`) and restart hyperfleet serve';

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  const root = webDir();
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/', async (request, reply) => {
      reply.code(503);
      if ((request.headers.accept ?? '').includes('text/html')) {
        return reply
          .type('text/html; charset=utf-8')
          .send(
            `<!doctype html><html lang="en"><meta charset="utf-8"><title>hyperfleet</title>` +
              `<body style="font-family:system-ui;margin:3rem"><h1>hyperfleet</h1><p role="alert">${NOT_BUILT_MESSAGE.replace(/`([^`]+)`/g, '<code>$1</code>')}.</p>` +
              `<p>The REST API is up: <a href="/v1/nodes">/v1/nodes</a>, <a href="/v1/simulations">/v1/simulations</a>.</p></body></html>`,
          );
      }
      return reply.send(errorBody(request, ErrorCode.Unavailable, NOT_BUILT_MESSAGE));
    });
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    decorateReply: false,
    index: ['index.html'],
    setHeaders: (res, path) => {
      res.setHeader(
        'cache-control',
        /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
