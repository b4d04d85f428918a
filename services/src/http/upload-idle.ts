import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';

const isUpload = (request: FastifyRequest) =>
  (request.method === 'POST' || request.method === 'PUT') &&
  /^(multipart\/form-data|application\/octet-stream)/i.test(request.headers['content-type'] ?? '');

/**
 * A stalled upload is stopped (UPLOAD_IDLE_SECONDS): when no byte of its body arrives for
 * `idleMs`, the body fails with 408 E_UPLOAD_TIMEOUT, the route removes what it had written, and
 * the answer closes the connection. A body still arriving, however slowly, is never cut. Only
 * upload bodies get the timer; the socket's is reset once the body is in or the answer is gone
 * (kept-alive connections and event streams keep theirs).
 */
export function installUploadIdleTimeout(app: FastifyInstance, idleMs: number) {
  app.addHook('onRequest', async (request, reply) => {
    const { socket } = request.raw;
    // An injected request (tests, app.inject) has no real socket to time.
    if (!isUpload(request) || typeof socket?.setTimeout !== 'function') return;
    const onIdle = () => {
      const stalled = new AppError('E_UPLOAD_TIMEOUT', `no data arrived for ${Math.round(idleMs / 1000)} s: the upload was stopped`, 408);
      // The multipart parser and the body reader listen for the request's errors and fail with it;
      // before either reads (no listener), only closing the connection is left.
      if (request.raw.listenerCount('error') > 0) request.raw.emit('error', stalled);
      else request.raw.destroy();
    };
    const clear = () => {
      socket.setTimeout(0);
      request.raw.off('timeout', onIdle);
    };
    // Node's server hands a socket's timeout to the request it is reading; with no listener there it destroys the socket, unanswered.
    socket.setTimeout(idleMs);
    request.raw.on('timeout', onIdle);
    request.raw.once('end', clear);
    reply.raw.once('close', clear);
  });
}
