/**
 * @module errors/error-codes
 * The stable error codes: every code that can leave the process (a CLI exit message, an HTTP error body) is listed
 * here and nowhere else. Users' scripts match on them, so a code is never renamed; new ones are added.
 */
export const ErrorCode = {
  FileNotFound: 'HF_FILE_NOT_FOUND',
  FileEmpty: 'HF_FILE_EMPTY',
  NotCsv: 'HF_NOT_CSV',
  MissingColumn: 'HF_MISSING_COLUMN',
  InvalidField: 'HF_INVALID_FIELD',
  UnknownGpuType: 'HF_UNKNOWN_GPU_TYPE',
  InvalidOption: 'HF_INVALID_OPTION',
  Download: 'HF_DOWNLOAD',
  /** A Kubernetes v1.Pod whose request hyperfleet cannot read (quantity, annotation, resources). */
  InvalidPod: 'HF_INVALID_POD',
  /** A Kubernetes v1.Node hyperfleet cannot read. */
  InvalidNode: 'HF_INVALID_NODE',
  /** An HTTP request body that does not match its schema (or asks for something impossible). */
  InvalidBody: 'HF_INVALID_BODY',
  /** A query or path parameter of an HTTP request that is not valid. */
  InvalidParameter: 'HF_INVALID_PARAMETER',
  /** An HTTP request body that is not JSON (or empty where JSON is required). */
  MalformedJson: 'HF_MALFORMED_JSON',
  /** An HTTP request body larger than the route accepts. */
  BodyTooLarge: 'HF_BODY_TOO_LARGE',
  /** An HTTP request body of a content type the route does not read. */
  UnsupportedMediaType: 'HF_UNSUPPORTED_MEDIA_TYPE',
  /** Any other malformed HTTP request (bad URL encoding, length mismatch, …). */
  BadRequest: 'HF_BAD_REQUEST',
  /** No HTTP route for this method and path. */
  NoRoute: 'HF_NO_ROUTE',
  /** The thing a request names (node, placement, simulation run) does not exist. */
  NotFound: 'HF_NOT_FOUND',
  /** The request contradicts the current state (a node still runs pods, a result is not ready, …). */
  Conflict: 'HF_CONFLICT',
  /** A change was asked without credentials. */
  Unauthorized: 'HF_UNAUTHORIZED',
  /** The credentials given do not allow the request. */
  Forbidden: 'HF_FORBIDDEN',
  /** The server cannot serve this (yet): e.g. the dashboard is not built. */
  Unavailable: 'HF_UNAVAILABLE',
  /** A bug or a failure of the server itself; details are in the server log only. */
  Internal: 'HF_INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
