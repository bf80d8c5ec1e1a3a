import type { Refusal, RefusalKind } from '../refusal.ts';

/** The one error type of the HTTP layer: a status, a stable machine code and a message safe to show. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const statusOfRefusal: Record<RefusalKind, number> = {
  not_found: 404,
  invalid: 422,
  too_large: 413,
  unsupported: 415,
  conflict: 409,
  unauthenticated: 401,
  limited: 429,
  overloaded: 503,
  budget: 402,
};

/** A domain refusal as HTTP says it: the one mapping, used by the API and the web app alike. */
export function httpErrorOf(refusal: Refusal): HttpError {
  const retryAfter = refusal.details.retryAfterSeconds;
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
  return new HttpError(statusOfRefusal[refusal.kind], refusal.code, refusal.message, headers);
}
