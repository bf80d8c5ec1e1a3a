import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { userForToken } from '../../accounts/accounts.ts';
import type { User } from '../../accounts/user-store.ts';
import type { Hotline } from '../../hotline.ts';

/**
 * A browser session is an API token in an HttpOnly cookie: the same revocable, hashed-at-rest credential
 * the JSON API uses, so sessions work on every web process of a deployment with nothing shared but the
 * database, and signing out deletes the token.
 */
export interface Session {
  user: User;
  token: string;
}

export const sessionCookie = 'hotline_session';

export async function sessionOf(hotline: Hotline, request: FastifyRequest): Promise<Session | null> {
  const token = request.cookies[sessionCookie];
  if (!token) return null;
  const user = await userForToken(hotline, token);
  return user ? { user, token } : null;
}

export function startSession(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookie, token, cookieOptions(request));
}

export function endSession(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, cookieOptions(request));
}

/** Lax keeps the cookie off cross-site POSTs and sub-requests; Secure whenever the page came over HTTPS. */
export const cookieOptions = (request: FastifyRequest) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: request.protocol === 'https',
  maxAge: 60 * 60 * 24 * 30,
});
