/**
 * @module server/body-depth
 * A limit on how deeply a request body nests arrays and objects. JSON.parse reads a 100,000-deep `[[[…]]]` in a
 * 200 KB body, but what is done with it next recurses (JSON.stringify of a stored request or of an echoed node,
 * the YAML reader of an inline fleet) and runs out of stack: a client's body must not be able to do that. The
 * deepest real body is a Kubernetes object of a dozen levels; the limit leaves ample room.
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCode, InputError } from '../errors/index.js';

/** Deepest nesting of arrays and objects a request body may have. */
export const MAX_BODY_DEPTH = 64;

/** Whether a value is walked into: arrays and plain objects (not the extender's lazily read NodeNames). */
function container(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Throws an InputError when `body` nests deeper than {@link MAX_BODY_DEPTH} (iteratively: no recursion here). */
export function checkBodyDepth(body: unknown): void {
  if (!container(body)) return;
  const stack: [object, number][] = [[body, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [value, depth] = top;
    if (depth > MAX_BODY_DEPTH) {
      throw new InputError(ErrorCode.InvalidBody, {
        message: `the body nests arrays and objects deeper than ${MAX_BODY_DEPTH} levels`,
      });
    }
    for (const child of Object.values(value)) if (container(child)) stack.push([child, depth + 1]);
  }
}

/** Checks every parsed body before its route reads it. */
export function installBodyDepthLimit(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      checkBodyDepth(request.body);
    } catch (e) {
      done(e as Error);
      return;
    }
    done();
  });
}
