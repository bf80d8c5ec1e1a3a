import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isStorageOutage, storageRetryAfterSeconds } from '../storage-outage.ts';
import { drainRequest } from './drain-request.ts';
import { Refusal } from '../refusal.ts';
import { HttpError, httpErrorOf } from './http-error.ts';

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
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void | Promise<unknown> {
  if (error instanceof Refusal) error = httpErrorOf(error);
  if (error instanceof HttpError) {
    reply
      .status(error.statusCode)
      .headers(error.headers)
      .send({ error: { code: error.code, message: error.message } });
    return;
  }
  // A database or Redis that cannot be reached right now: a pause to retry after, not a bug.
  if (isStorageOutage(error)) {
    request.log.warn({ err: error }, 'storage unavailable');
    reply
      .status(503)
      .header('retry-after', storageRetryAfterSeconds)
      .send({ error: { code: 'unavailable', message: 'Storage is unavailable for a moment; try again shortly' } });
    return;
  }
  const known = 'code' in error ? fastifyErrors[error.code] : undefined;
  if (known) {
    const answer = () => reply.status(known.status).send({ error: { code: known.code, message: known.message } });
    if (known.status === 413) return drainRequest(request.raw).then(answer);
    answer();
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

/**
 * Errors Fastify raises while routing, before any route or scope exists (`frameworkErrors`): a URL that
 * does not decode (`%ff`) or a path segment longer than any id. Answered in the contract's shape, never
 * with Fastify's own, which echoes the URL back.
 */
export function routingError(error: FastifyError): HttpError {
  if (error.code === 'FST_ERR_BAD_URL') return new HttpError(400, 'bad_url', 'The address is not a valid URL');
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return new HttpError(404, 'not_found', 'Not found');
  return new HttpError(500, 'internal', 'Something went wrong on our side');
}

/** The JSON side of the server: what answers in the API's shape when no route does. */
export const isJsonPath = (url: string): boolean => /^\/(api|v1|ds)(\/|\?|$)/.test(url);

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): void {
  // The address is not echoed back: it is the caller's own input, and may be anything.
  reply.status(404).send({ error: { code: 'not_found', message: `No such route for ${request.method}` } });
}
