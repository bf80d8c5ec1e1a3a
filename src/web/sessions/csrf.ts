import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../http/http-error.ts';
import { cookieOptions, sessionCookie } from './session.ts';

/**
 * CSRF tokens are derived from a secret the browser holds in an HttpOnly cookie: the session token once
 * signed in, a random visitor secret before. A page on another site can neither read that cookie nor
 * compute the token, and no server-side state or shared key is needed across processes.
 */
const visitorCookie = 'hotline_visitor';

export const csrfField = '_csrf';

const derive = (secret: string): string => createHmac('sha256', secret).update('hotline csrf').digest('base64url');

/** The token to put in this request's forms; gives a visitor a secret first if they have none. */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
  let secret = request.cookies[sessionCookie] ?? request.cookies[visitorCookie];
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    reply.setCookie(visitorCookie, secret, cookieOptions(request));
    request.cookies[visitorCookie] = secret;
  }
  return derive(secret);
}

/** The token of a signed-in reader, for forms sent in their stream's frames. */
export const sessionCsrfToken = (sessionToken: string): string => derive(sessionToken);

/** Every state-changing form post must carry the token, in the form or in Turbo's X-CSRF-Token header. */
export function verifyCsrf(request: FastifyRequest): void {
  const secret = request.cookies[sessionCookie] ?? request.cookies[visitorCookie];
  const body = request.body as Record<string, unknown> | undefined;
  const header = request.headers['x-csrf-token'];
  const sent = typeof body?.[csrfField] === 'string' ? (body[csrfField] as string) : typeof header === 'string' ? header : '';
  const expected = secret ? Buffer.from(derive(secret)) : undefined;
  const given = Buffer.from(sent);
  if (!expected || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(403, 'invalid_csrf_token', 'This form has expired. Reload the page and try again.');
  }
}
