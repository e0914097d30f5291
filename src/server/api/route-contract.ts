/**
 * @module server/api/route-contract
 * What one HTTP route is, as data: its method and URL, its words for the OpenAPI document, and the zod schemas of
 * its parameters, request body and every success answer. The routes (server/routes) are registered from these
 * contracts, the OpenAPI document at /docs is generated from them (server/api/openapi), and the dashboard takes
 * its types from them, so the three cannot drift apart.
 */
import type { z } from 'zod';

/** A success answer that is not JSON (a CSV download, the Prometheus text format): its media type and schema. */
export interface MediaResponse {
  readonly contentType: string;
  readonly schema: z.ZodType;
}

export type ResponseSpec = z.ZodType | MediaResponse;

export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify's URL pattern (`/v1/nodes/:name`). */
  readonly url: string;
  /** The OpenAPI group (`fleet`, `simulations`, …). */
  readonly tag: string;
  readonly summary: string;
  readonly params?: z.ZodType;
  readonly querystring?: z.ZodType;
  readonly body?: z.ZodType;
  /** Success answers by status (200, 201, 202). */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Refusals the route itself may answer (404 not found, 409 conflict, 503 busy), besides those every route may. */
  readonly refusals?: readonly (404 | 409 | 503)[];
}

/** A route contract, its literal types kept (the statuses and schemas type the handler). */
export function apiRoute<const R extends ApiRoute>(route: R): R {
  return route;
}

/** The schema of a response spec. */
export function schemaOfResponse(spec: ResponseSpec): z.ZodType {
  return 'contentType' in spec ? spec.schema : spec;
}

/** A value as a route may return it: arrays and fields may be readonly (the wire does not care). */
export type Wire<T> = T extends readonly (infer U)[]
  ? readonly Wire<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Wire<T[K]> }
    : T;

type SchemaOf<S> = S extends MediaResponse ? S['schema'] : S;

/** What a route answers with status `S`, as the handler gives it (the schema's input side). */
export type ResponseIn<R extends ApiRoute, S extends keyof R['responses']> = Wire<
  z.input<SchemaOf<R['responses'][S]> & z.ZodType>
>;

/** What a client reads from a route's answer with status `S` (the schema's output side). */
export type ResponseOut<R extends ApiRoute, S extends keyof R['responses']> = z.output<
  SchemaOf<R['responses'][S]> & z.ZodType
>;

/** A route's parameters as parsed (empty when it has none). */
export type ParamsOf<R extends ApiRoute> = R['params'] extends z.ZodType ? z.output<R['params']> : object;
export type QueryOf<R extends ApiRoute> = R['querystring'] extends z.ZodType
  ? z.output<R['querystring']>
  : object;
