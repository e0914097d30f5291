/**
 * @module server/auth
 * Who may do what. Changes through the REST API (every /v1 request other than GET/HEAD) need
 * `Authorization: Bearer <token>` when the server has a token. kube-scheduler cannot send a bearer token to an
 * extender, so the extender routes are protected by TLS instead: when the server verifies client certificates,
 * /extender/* answers only clients whose certificate chains to the configured CA. Whether a server may run
 * without either is decided where it is started (`hyperfleet serve` refuses a non-loopback address without both).
 * A refusal is thrown as a {@link RefusedError} (unauthorized: 401, forbidden: 403), which the server's one error
 * handler answers with the common error body.
 */
import { timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { refuse, RefusedError } from '../errors/index.js';

export interface AuthOptions {
  /** Bearer token for changes under /v1; undefined: no token asked (loopback only). */
  readonly token?: string;
  /** Whether /extender/* needs a verified client certificate (TLS with a client CA). */
  readonly requireClientCert?: boolean;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function installAuth(app: FastifyInstance, options: AuthOptions): void {
  const { token, requireClientCert } = options;
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url;
    if (requireClientCert && path.startsWith('/extender/')) {
      const socket = request.raw.socket as Partial<TLSSocket>;
      if (socket.authorized !== true) {
        const why = socket.authorizationError ? ` (${String(socket.authorizationError)})` : '';
        throw new RefusedError(
          refuse(
            'forbidden',
            `the extender API needs a client certificate signed by the configured CA${why}`,
          ),
        );
      }
    }
    if (
      token !== undefined &&
      path.startsWith('/v1/') &&
      request.method !== 'GET' &&
      request.method !== 'HEAD'
    ) {
      const header = request.headers.authorization;
      if (header === undefined) {
        void reply.header('www-authenticate', 'Bearer');
        throw new RefusedError(
          refuse(
            'unauthorized',
            'this request changes state and needs an "Authorization: Bearer <token>" header',
          ),
        );
      }
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m || !sameToken(m[1], token)) {
        throw new RefusedError(refuse('forbidden', 'the bearer token is not valid for this server'));
      }
    }
  });
}
