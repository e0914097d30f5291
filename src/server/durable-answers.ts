/**
 * @module server/durable-answers
 * No change is answered with success before it is durable. With SQLite each write is durable when the call
 * returns; with PostgreSQL the store commits asynchronously (schedule/postgres-store), so every request that may
 * change the state waits here for the commit of everything queued so far before its answer leaves. When the
 * commit fails, the answer becomes a bare 500 (the error is logged, never sent) and the replica stops deciding
 * (`onFailure`): its memory and the database may differ until it rebuilds.
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../errors/index.js';
import type { LiveScheduler } from '../schedule/index.js';
import { errorBody } from './error-handler.js';
import { decides } from './leader-gate.js';

export function installDurableAnswers(
  app: FastifyInstance,
  live: () => LiveScheduler,
  onFailure: (e: Error) => void,
): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!decides(request) || reply.statusCode >= 400) return payload;
    try {
      await live().flush();
      return payload;
    } catch (e) {
      request.log.error({ err: e }, 'the database did not commit a change: answering 500');
      onFailure(e as Error);
      void reply.code(500).type('application/json');
      return JSON.stringify(
        errorBody(
          request,
          ErrorCode.Internal,
          `internal error; the server log has the details (request id ${request.id})`,
        ),
      );
    }
  });
}
