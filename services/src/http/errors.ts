import type { ErrorCode } from '@colloquy/contract';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../core/errors.ts';

/** Fastify's own error codes that users can cause, mapped to our stable codes. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; status: number }> = {
  FST_REQ_FILE_TOO_LARGE: { code: 'E_TOO_LARGE', status: 413 },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'E_TOO_LARGE', status: 413 },
  FST_FILES_LIMIT: { code: 'E_TOO_MANY_FILES', status: 413 },
  FST_PARTS_LIMIT: { code: 'E_TOO_MANY_PARTS', status: 413 },
  FST_FIELDS_LIMIT: { code: 'E_TOO_MANY_FIELDS', status: 413 },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'E_UNSUPPORTED_CONTENT_TYPE', status: 415 },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { code: 'E_NOT_MULTIPART', status: 415 },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'E_BAD_REQUEST', status: 400 },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'E_BAD_JSON', status: 400 },
};

/**
 * The multipart parser (@fastify/busboy) throws plain Errors for a body it cannot read: a missing,
 * empty or over-long boundary, or a body that ends mid-part. Those are the caller's fault.
 */
const MALFORMED_MULTIPART =
  /^(Multipart: Boundary not found|Boundary required|The needle |Unexpected end of multipart data|.* terminated early due to unexpected end of multipart data)/;

/** Errors of the file system that mean the server is out of room, not that the request is wrong. */
const NO_ROOM = new Set(['ENOSPC', 'EDQUOT']);

/** One error shape everywhere: {error: {code, message}}; detail of 5xx stays in the log. */
export function installErrorHandlers(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    let status = 500;
    let code: ErrorCode = 'E_INTERNAL';
    let message = 'internal error';
    if (err instanceof AppError) {
      ({ status, code, message } = err);
    } else if ((err as FastifyError).validation) {
      status = 400;
      code = 'E_VALIDATION';
      message = err.message;
    } else if (err.code && NO_ROOM.has(err.code)) {
      ({ status, code, message } = new AppError('E_STORAGE_FULL'));
    } else if (!err.code && MALFORMED_MULTIPART.test(err.message)) {
      ({ status, code } = { status: 400, code: 'E_BAD_MULTIPART' });
      message = `the multipart body is malformed: ${err.message}`;
    } else if (err.code && FASTIFY_CODES[err.code]) {
      ({ status, code } = FASTIFY_CODES[err.code]);
      message = err.message;
    } else if ((err as FastifyError).statusCode === 429) {
      status = 429;
      code = 'E_RATE_LIMITED';
      message = err.message;
    } else if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500) {
      status = (err as FastifyError).statusCode!;
      code = 'E_BAD_REQUEST';
      message = err.message;
    }
    if (code === 'E_DB_UNAVAILABLE') {
      reply.header('retry-after', '5');
      request.log.warn({ err: (err as { cause?: unknown }).cause ?? err }, 'database unavailable');
    } else if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code, message }, 'request refused');
    // Don't read the rest of a refused or stalled upload.
    if (status === 408 || status === 413 || status === 415) reply.header('connection', 'close');
    return reply.status(status).send({ error: { code, message } });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'E_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
}
