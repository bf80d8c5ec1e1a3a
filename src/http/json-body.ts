import type { FastifyInstance } from 'fastify';
import { isCleanText } from '../clean-text.ts';
import { HttpError } from './http-error.ts';

const notJson = () => new HttpError(400, 'invalid_json', 'The body is not valid JSON');

/**
 * The JSON body parser of the whole server. Requests without a body (stop, retry, delete) may still carry
 * `Content-Type: application/json`, so an empty body parses to `undefined`. Every string in the body, keys
 * included, must be clean text (see `isCleanText`), checked once here for every route; a `__proto__` or
 * `constructor` key is refused rather than trusted to every consumer of the parsed object.
 */
export function parseJsonBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text, refuseUnsafeValues);
    } catch (error) {
      return done(error instanceof HttpError ? error : notJson(), undefined);
    }
    done(null, parsed);
  });
}

function refuseUnsafeValues(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor') {
    throw new HttpError(400, 'invalid_json', `The body must not have a "${key}" key`);
  }
  const field = key || 'body';
  if (!isCleanText(key)) throw new HttpError(422, 'invalid_text', `${field}: a key must be text`);
  if (typeof value === 'string' && !isCleanText(value)) {
    // NUL marks binary data (a document's text pasted from a file); anything else is broken UTF-16.
    if (value.includes('\u0000')) throw new HttpError(422, 'binary_content', `${field}: looks like binary data, not text`);
    throw new HttpError(422, 'invalid_text', `${field}: must be text, without unpaired surrogate characters`);
  }
  return value;
}
