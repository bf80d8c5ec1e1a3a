import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../accounts/user-store.ts';
import type { Hotline } from '../hotline.ts';
import { isCleanText } from '../clean-text.ts';
import { HttpError } from '../http/http-error.ts';
import type { AssetCatalog } from './assets/asset-catalog.ts';
import { contentSecurityPolicy, newNonce, securityHeaders } from './security/csp.ts';
import { csrfTokenFor } from './sessions/csrf.ts';
import { sessionOf, type Session } from './sessions/session.ts';
import type { PageContext } from './views/page-context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The browser session, when the request carries a valid one (web routes only). */
    session: Session | null;
    cspNonce: string;
  }
}

/**
 * What every web request gets before its route: its session (if any), the user for per-user rate
 * limits, and a fresh CSP nonce with the policy and the other security headers.
 */
export function prepareWebRequests(app: FastifyInstance, hotline: Hotline): void {
  app.decorateRequest('session', null);
  app.decorateRequest('cspNonce', '');
  app.decorateRequest('user', null as unknown as User);
  app.addHook('onRequest', async (request, reply) => {
    request.session = await sessionOf(hotline, request);
    if (request.session) request.user = request.session.user;
    request.cspNonce = newNonce();
    reply.headers({ ...securityHeaders, 'content-security-policy': contentSecurityPolicy(request.cspNonce) });
  });
}

/** A route hook: pages redirect a signed-out visitor to sign in; anything else is refused. */
export async function requireSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session) return;
  if (request.method === 'GET') return reply.redirect('/signin', 303);
  throw new HttpError(401, 'unauthorized', 'Sign in first.');
}

export function pageContext(request: FastifyRequest, reply: FastifyReply, assets: AssetCatalog): PageContext {
  return { assets, nonce: request.cspNonce, csrf: csrfTokenFor(request, reply), user: request.session?.user ?? null };
}

/** Turbo asks for Turbo Stream answers to its form submissions; a browser without JavaScript does not. */
export const wantsTurboStream = (request: FastifyRequest): boolean => (request.headers.accept ?? '').includes('text/vnd.turbo-stream.html');

/**
 * The fields of a posted form, as strings (a repeated field counts once). Like the JSON API's bodies,
 * every value must be clean text: a NUL or broken character is refused before any route sees it.
 */
export function formFields(request: FastifyRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(body)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first !== 'string') continue;
    if (!isCleanText(key) || !isCleanText(first)) throw new HttpError(422, 'invalid_text', 'The form holds characters that are not text.');
    fields[key] = first;
  }
  return fields;
}
