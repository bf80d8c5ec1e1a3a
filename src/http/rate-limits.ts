import type { FastifyRequest } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import type { Config } from '../config.ts';
import { HttpError } from './http-error.ts';

const minute = 60_000;

export function rateLimitError(_request: FastifyRequest, context: { ttl: number }): HttpError {
  const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
  return new HttpError(429, 'rate_limited', `Too many requests; retry in ${seconds} s`, { 'retry-after': String(seconds) });
}

/** Route configs for the limits of API.md; empty when rate limits are off. */
export function rateLimits(config: Config) {
  const limit = (options: RateLimitOptions) => (config.rateLimits.enabled ? { rateLimit: options } : undefined);
  return {
    /** Sign-up and sign-in attempts, per client IP. */
    authAttempts: limit({ max: config.rateLimits.authAttemptsPerMinute, timeWindow: minute, groupId: 'auth' }),
    /** New messages and retries, per user; after authentication, so the key is the user. */
    messages: limit({
      max: config.rateLimits.messagesPerMinute,
      timeWindow: minute,
      hook: 'preHandler',
      groupId: 'messages',
      keyGenerator: (request) => `user:${request.user.id}`,
    }),
  };
}
