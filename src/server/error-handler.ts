/**
 * @module server/error-handler
 * The server's one error model, mapped in one place (as hono's single `onError`, over zod's errors-as-data):
 *
 * - an {@link InputError} (a body, a parameter or a pod the caller got wrong) → 400 with its issues;
 * - a {@link RefusedError} (a domain refusal crossing into HTTP) → its kind's status: 404, 409, 401, 403, 503;
 * - Fastify's own client errors (malformed JSON, body too large, unsupported content type, bad URL) → their 4xx
 *   with a message of ours (theirs may echo the request);
 * - anything else is a bug or a failure of the server → a bare 500 `{ code: "HF_INTERNAL", error: "internal
 *   error", requestId }`. The real error is logged (one line, with the request id) and never sent to the client.
 *
 * Every error answer, the 404 of an unknown route included, has the same body ({@link ErrorBody}); `error` is the
 * one-line text the dashboard, the tests and users' scripts read.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, type InputIssue, isInputError, RefusedError, type RefusalKind } from '../errors/index.js';

/** The body of every error answer. */
export interface ErrorBody {
  /** Stable code (errors/error-codes). */
  readonly code: ErrorCode;
  /** What went wrong: one line per issue. */
  readonly message: string;
  /** One entry per problem in the request (empty when the error is not about the request's content). */
  readonly issues: readonly InputIssue[];
  /** The message on one line. */
  readonly error: string;
  /** The request's id, which the server's log line of a 500 carries too. */
  readonly requestId: string;
}

const REFUSAL_STATUS: Readonly<Record<RefusalKind, number>> = {
  'not-found': 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  unavailable: 503,
};

/** Fastify's client errors by its code: our code and message (Fastify's texts may quote the URL or say "Cannot"). */
const FASTIFY_CLIENT_ERRORS: Readonly<
  Record<string, { code: ErrorCode; message: (request: FastifyRequest) => string }>
> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: ErrorCode.MalformedJson,
    message: () => 'malformed JSON body: the body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: ErrorCode.MalformedJson,
    message: () => 'malformed JSON body: the body is empty but its content-type says JSON',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: ErrorCode.BodyTooLarge,
    message: (request) =>
      `request body larger than the limit of this route (${request.routeOptions.bodyLimit ?? '?'} bytes)`,
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: ErrorCode.UnsupportedMediaType,
    message: (request) =>
      `unsupported content-type ${JSON.stringify(clip(request.headers['content-type'] ?? ''))}: send JSON (application/json)`,
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: ErrorCode.BadRequest,
    message: () => 'the request body size does not match its Content-Length header',
  },
  FST_ERR_BAD_URL: {
    code: ErrorCode.BadRequest,
    message: () => 'the URL is not valid (bad percent-encoding)',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: ErrorCode.BadRequest,
    message: () => 'a URL parameter is longer than this server accepts',
  },
};

/** Echoed request text is cut short: an error message is not a mirror for a megabyte header. */
function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function errorBody(
  request: FastifyRequest,
  code: ErrorCode,
  message: string,
  issues: readonly InputIssue[] = [],
  oneLine = message,
): ErrorBody {
  return { code, message, issues, error: oneLine, requestId: request.id };
}

/** Status and body of any error a route, a hook or Fastify raised; `undefined` when it is a server failure. */
function clientError(error: unknown, request: FastifyRequest): [number, ErrorBody] | undefined {
  if (isInputError(error)) {
    return [400, errorBody(request, error.code, error.message, error.issues, error.oneLine)];
  }
  if (error instanceof RefusedError) {
    return [REFUSAL_STATUS[error.kind], errorBody(request, error.code, error.message)];
  }
  const { code, statusCode } = error as Partial<FastifyError>;
  const known = code === undefined ? undefined : FASTIFY_CLIENT_ERRORS[code];
  if (known && statusCode !== undefined) {
    return [statusCode, errorBody(request, known.code, known.message(request))];
  }
  // Another 4xx from Fastify or a plugin (@fastify/static's range errors, …): its status, in generic words.
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && code?.startsWith('FST_')) {
    return [statusCode, errorBody(request, ErrorCode.BadRequest, `bad request (HTTP ${statusCode})`)];
  }
  return undefined;
}

/**
 * Answers any error: the error handler of every route and hook, and Fastify's `frameworkErrors` (the errors its
 * router raises before a route is found: a bad URL encoding, an over-long parameter).
 */
export function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mapped = clientError(error, request);
  if (mapped) return reply.code(mapped[0]).send(mapped[1]);
  // A bug or a failure of the service: the log gets the error (with the request id, bound by Fastify's child
  // logger), the client only the id to quote.
  request.log.error(
    { err: error },
    `internal error answering ${request.method} ${clip(request.url.split('?')[0], 200)}`,
  );
  return reply
    .code(500)
    .send(
      errorBody(
        request,
        ErrorCode.Internal,
        `internal error; the server log has the details (request id ${request.id})`,
        [],
        'internal error',
      ),
    );
}

/**
 * Installs {@link answerError} and the 404 handler of unknown routes on the root instance (both are inherited);
 * the app passes {@link answerError} as Fastify's `frameworkErrors` too.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(answerError);
  app.setNotFoundHandler((request, reply) => {
    const path = clip(request.url.split('?')[0], 200);
    return reply.code(404).send(errorBody(request, ErrorCode.NoRoute, `no route ${request.method} ${path}`));
  });
}
