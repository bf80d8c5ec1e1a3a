import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isStorageOutage, storageRetryAfterSeconds } from '../storage-outage.ts';
import { HttpError } from './http-error.ts';

/** Fastify's own errors, as the API's `{error: {code, message}}`. */
const fastifyErrors: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'too_large', message: 'The body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send application/json' },
};

/**
 * The central error handler: every error leaves as `{error: {code, message}}` with a fitting status.
 * Anything unexpected is logged in full and answered with a generic 500: no stack trace reaches a client.
 */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof HttpError) {
    reply.status(error.statusCode).headers(error.headers).send({ error: { code: error.code, message: error.message } });
    return;
  }
  // A database or Redis that cannot be reached right now: a pause to retry after, not a bug.
  if (isStorageOutage(error)) {
    request.log.warn({ err: error }, 'storage unavailable');
    reply.status(503).header('retry-after', storageRetryAfterSeconds).send({ error: { code: 'unavailable', message: 'Storage is unavailable for a moment; try again shortly' } });
    return;
  }
  const known = 'code' in error ? fastifyErrors[error.code] : undefined;
  if (known) {
    reply.status(known.status).send({ error: { code: known.code, message: known.message } });
    return;
  }
  if (error instanceof SyntaxError && 'statusCode' in error && error.statusCode === 400) {
    reply.status(400).send({ error: { code: 'invalid_json', message: 'The body is not valid JSON' } });
    return;
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side' } });
    return;
  }
  reply.status(status).send({ error: { code: 'bad_request', message: error.message } });
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): void {
  reply.status(404).send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` } });
}
