import type { FastifyRequest } from 'fastify';

/**
 * Browsers send cookies with a WebSocket handshake from any site, so a page on another origin (another
 * port or scheme of the same host included) could read a signed-in user's chats live. Only the app's own
 * origin and the configured ones may open a socket. The own origin is the one the browser used:
 * `request.protocol` and `request.host` read X-Forwarded-Proto/-Host only when the proxy is trusted.
 * No Origin at all is not a browser, and so no cross-site request.
 */
export function allowedOrigin(request: FastifyRequest, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const own = URL.parse(`${request.protocol}://${request.host}`)?.origin;
  // An opaque origin ("null": sandboxed frames, file: pages) is nobody's.
  return origin !== 'null' && (origin === own || allowedOrigins.includes(origin));
}
