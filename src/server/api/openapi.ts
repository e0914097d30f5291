/**
 * @module server/api/openapi
 * Route contracts as the `schema` Fastify's swagger plugin turns into the OpenAPI document at /docs: the JSON
 * Schema of the parameters and the request body (input side: a field with a default is optional), of every
 * success answer (output side: what a client reads) and of the error body under each error status the route may
 * answer. Fastify validates nothing with them (zod does, in the routes): they only document.
 */
import { z } from 'zod';
import { ErrorBody } from './errors.js';
import type { ApiRoute, ResponseSpec } from './route-contract.js';

/** JSON Schema of a zod schema, as a request reads it (`input`) or as an answer is written (`output`). */
export function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return json;
}

/** Why each error status may be answered, for the document. */
const ERROR_STATUS: Readonly<Record<number, string>> = {
  400: 'Bad request: the issues name each wrong field, parameter or option',
  401: 'The server has a token and the request carries none',
  403: 'The token (or, for the extender, the client certificate) is not accepted',
  404: 'No such thing (the message says what)',
  409: 'Conflicts with the current state (the message says why)',
  503: 'Busy: too many runs are queued; retry when one finishes',
  413: 'The body is larger than this route accepts',
  415: 'The body is not JSON',
  500: 'A failure of the server: the log has the details, the answer only the request id',
};

/** The error statuses a route may answer: every route 400 and 500, plus what its body, auth and refusals add. */
export function errorStatuses(route: Pick<ApiRoute, 'method' | 'url' | 'body' | 'refusals'>): number[] {
  const statuses = new Set([400, 500, ...(route.refusals ?? [])]);
  if (route.body) [413, 415].forEach((s) => statuses.add(s));
  if (route.url.startsWith('/v1/') && route.method !== 'GET') [401, 403].forEach((s) => statuses.add(s));
  if (route.url.startsWith('/extender/')) statuses.add(403);
  return [...statuses].sort((a, b) => a - b);
}

/** The error answers of the document: the one error body under each status. */
export function errorResponses(statuses: readonly number[]): Record<number, object> {
  const body = { description: 'Error', ...schemaOf(ErrorBody, 'output') };
  return Object.fromEntries(statuses.map((s) => [s, { ...body, description: ERROR_STATUS[s] ?? 'Error' }]));
}

/** Name of the shared error body in the document's components. */
const ERROR_BODY_COMPONENT = 'ErrorBody';

interface OpenApiDocument {
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
  paths?: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
}

/**
 * The document with the one error body written once, under components, and referenced by every error answer
 * (swagger's `transformObject`): inlined under each status of each route it made the document ~5 times larger.
 */
export function shareErrorBody<T extends object>(document: T): T {
  const doc = document as OpenApiDocument;
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = Number(status) >= 400 ? response.content?.['application/json'] : undefined;
        if (json) json.schema = { $ref: `#/components/schemas/${ERROR_BODY_COMPONENT}` };
      }
    }
  }
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, [ERROR_BODY_COMPONENT]: schemaOf(ErrorBody, 'output') },
  };
  return document;
}

function successResponse(spec: ResponseSpec): object {
  if ('contentType' in spec) {
    return {
      description: 'OK',
      content: { [spec.contentType]: { schema: schemaOf(spec.schema, 'output') } },
    };
  }
  return { description: 'OK', ...schemaOf(spec, 'output') };
}

/** The route's `schema` option: tags, summary, parameters, body and every answer with its schema. */
export function openApiSchema(route: ApiRoute): Record<string, unknown> {
  const responses = Object.fromEntries(
    Object.entries(route.responses).map(([status, spec]) => [status, successResponse(spec)]),
  );
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.params ? { params: schemaOf(route.params) } : {}),
    ...(route.querystring ? { querystring: schemaOf(route.querystring) } : {}),
    ...(route.body ? { body: schemaOf(route.body) } : {}),
    response: { ...responses, ...errorResponses(errorStatuses(route)) },
  };
}
