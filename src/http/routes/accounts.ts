import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { signIn, signUp } from '../../accounts/accounts.ts';
import type { Hotline } from '../../hotline.ts';
import type { rateLimits } from '../rate-limits.ts';
import { parseBody } from '../validation.ts';

const credentials = z.object({
  email: z.email().max(254),
  password: z.string().min(8, 'must be at least 8 characters').max(256),
});

export function accountRoutes(app: FastifyInstance, hotline: Hotline, limits: ReturnType<typeof rateLimits>): void {
  app.post('/api/users', { config: limits.authAttempts }, async (request, reply) => {
    const result = await signUp(hotline, parseBody(credentials, request.body));
    return reply.status(201).send(result);
  });

  app.post('/api/session', { config: limits.authAttempts }, async (request) => {
    const { email, password } = parseBody(z.object({ email: z.string().max(254), password: z.string().max(256) }), request.body);
    return signIn(hotline, { email, password });
  });
}
