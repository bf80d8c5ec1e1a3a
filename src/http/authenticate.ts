import type { FastifyInstance, FastifyRequest } from 'fastify';
import { userForToken } from '../accounts/accounts.ts';
import type { User } from '../accounts/user-store.ts';
import type { Hotline } from '../hotline.ts';
import { HttpError } from './http-error.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User;
  }
}

/**
 * Every route registered in this scope needs `Authorization: Bearer <token>`. It runs first (onRequest),
 * so nothing of a request without a valid token is parsed or stored, and rate limits can key on the user.
 */
export function requireUser(app: FastifyInstance, hotline: Hotline): void {
  app.decorateRequest('user', null as unknown as User);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new HttpError(401, 'unauthorized', 'Send Authorization: Bearer <token>', { 'www-authenticate': 'Bearer' });
    const user = await userForToken(hotline, match[1]!);
    if (!user) throw new HttpError(401, 'unauthorized', 'The token is not valid', { 'www-authenticate': 'Bearer' });
    request.user = user;
  });
}
