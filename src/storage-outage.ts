/**
 * Storage that cannot be reached right now: PostgreSQL restarting, Redis failing over. Such a failure
 * passes, so it is waited out (the generation job) or answered 503 with Retry-After (a request), never
 * reported as a bug or as the model provider's fault.
 */
export class StorageUnavailable extends Error {
  constructor(options?: { cause?: unknown }) {
    super('Storage is unavailable', options);
  }
}

/** The Retry-After of a request refused during an outage: restarts and failovers take seconds. */
export const storageRetryAfterSeconds = '2';

/** What a reply that could not be stored within the outage budget ends with. */
export const storageUnavailableMessage = 'The reply could not be stored: storage was unavailable for too long.';

// Node's socket errors, PostgreSQL's "connection exception" (08…) and "operator intervention" (57P…)
// classes: the server went away, is starting or shutting down, or cannot be reached.
const outageCodes = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND|08\w{3}|57P0[1-3])$/;
// pg and ioredis say so in words rather than codes when a connection ends under a query.
const outageMessages =
  /Connection terminated|Connection is closed|connection error and is not queryable|timeout exceeded when trying to connect|Stream isn't writeable|Reached the max retries per request limit/i;
const outageNames = /^(MaxRetriesPerRequestError)$/;

/** Whether an error means the database or Redis is unreachable, judged by its shape (and its causes'). */
export function isStorageOutage(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof StorageUnavailable) return true;
    const code = String((e as { code?: unknown }).code ?? '');
    if (outageCodes.test(code) || outageNames.test(e.name) || outageMessages.test(e.message)) return true;
    if (e instanceof AggregateError && e.errors.some(isStorageOutage)) return true;
  }
  return false;
}
