import type { FastifyInstance } from 'fastify';
import { signIn, signUp } from '../accounts/accounts.ts';
import { givenCredentials, newCredentials } from '../accounts/credentials.ts';
import type { Hotline } from '../hotline.ts';
import type { rateLimits } from '../http/rate-limits.ts';
import { parseBody } from '../http/validation.ts';

export function accountRoutes(app: FastifyInstance, hotline: Hotline, limits: ReturnType<typeof rateLimits>): void {
  app.post('/api/users', { config: limits.authAttempts }, async (request, reply) => {
    const result = await signUp(hotline, parseBody(newCredentials, request.body));
    return reply.status(201).send(result);
  });

  app.post('/api/session', { config: limits.authAttempts }, async (request) => {
    return signIn(hotline, parseBody(givenCredentials, request.body));
  });
}
