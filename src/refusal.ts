/**
 * Why the domain will not do what was asked: bad input, something missing, a conflict with the state,
 * a limit. Domain functions throw it; they know nothing of HTTP. The API's error handler turns it into
 * a status and `{error: {code, message}}`; the web app into a sentence on the page. One type, so that
 * both edges decode the same refusal the same way, and neither reads a status or a message prefix.
 */
export type RefusalKind =
  /** What was named does not exist, or is not the caller's to see. */
  | 'not_found'
  /** The input breaks a rule (`field` names which). */
  | 'invalid'
  /** The input is too large. */
  | 'too_large'
  /** The input is of a kind that is not taken. */
  | 'unsupported'
  /** The state does not allow it now (a reply still streams, the email is taken). */
  | 'conflict'
  /** The caller is not who they said. */
  | 'unauthenticated'
  /** The caller went over a per-user limit: try again later. */
  | 'limited'
  /** The server is at capacity: try again later. */
  | 'overloaded'
  /** The caller has spent their budget for now. */
  | 'budget';

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    /** Stable, machine-readable: the contract's error code. */
    readonly code: string,
    /** Safe to show to the caller. */
    message: string,
    readonly details: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string): Refusal => new Refusal('not_found', 'not_found', `${what} not found`);

/** Bad input in one field; the message starts with the field's name, as the contract's messages do. */
export const invalidField = (field: string, rule: string, code = 'invalid_body'): Refusal => new Refusal('invalid', code, `${field}: ${rule}`, { field });
