/**
 * @module server/routes/serve-route
 * Registers a route from its contract (server/api): Fastify gets the contract's OpenAPI schema, the handler gets
 * the path and query parameters read with the contract's schemas, and what the handler returns must be one of
 * the contract's answers — a body of the wrong shape for its status does not compile.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ApiRoute,
  openApiSchema,
  type ParamsOf,
  parseParameters,
  type QueryOf,
  type ResponseIn,
} from '../api/index.js';

/** An answer with its status (when not 200), headers, or as an indented JSON download. */
export class Answer<S extends number, B> {
  constructor(
    readonly status: S,
    readonly body: B,
    readonly headers: Readonly<Record<string, string>> = {},
    /** JSON written with this indentation (a download people read), rather than compact. */
    readonly indent?: number,
  ) {}
}

type Statuses<R extends ApiRoute> = keyof R['responses'] & number;

/** What a handler of `R` may return: a 200 body as it is, or any of its answers wrapped in an {@link Answer}. */
export type Returned<R extends ApiRoute> =
  | { [S in Statuses<R>]: Answer<S, ResponseIn<R, S>> }[Statuses<R>]
  | (200 extends Statuses<R> ? ResponseIn<R, 200> : never);

export interface RouteInput<R extends ApiRoute> {
  readonly params: ParamsOf<R>;
  readonly query: QueryOf<R>;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

export function serveRoute<R extends ApiRoute>(
  app: FastifyInstance,
  route: R,
  handler: (input: RouteInput<R>) => Promise<Returned<R>>,
  options: { readonly bodyLimit?: number } = {},
): void {
  app.route({
    method: route.method,
    url: route.url,
    schema: openApiSchema(route),
    ...options,
    handler: async (request, reply) => {
      // Parameters first: a wrong one is the caller's mistake whatever the rest of the request names.
      const params = (route.params ? parseParameters(route.params, request.params) : {}) as ParamsOf<R>;
      const query = (
        route.querystring ? parseParameters(route.querystring, request.query) : {}
      ) as QueryOf<R>;
      const out = await handler({ params, query, request, reply });
      if (!(out instanceof Answer)) return out;
      void reply.code(out.status).headers(out.headers);
      if (out.indent === undefined) return reply.send(out.body);
      return reply.type('application/json').send(JSON.stringify(out.body, null, out.indent));
    },
  });
}
