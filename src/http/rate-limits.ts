import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import type { Config } from '../config.ts';
import type { RateCounter } from '../limits/rate-counter.ts';
import { HttpError } from './http-error.ts';

const minute = 60_000;

export function rateLimitError(_request: FastifyRequest, context: { ttl: number }): HttpError {
  const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
  return new HttpError(429, 'rate_limited', `Too many requests; retry in ${seconds} s`, { 'retry-after': String(seconds) });
}

/**
 * A per-user quota that counts only what was accepted: checked before the route runs, counted after it
 * answered with success. A client that waits politely for a reply to end (409), or sends something the
 * route refuses (413, 422), spends nothing. Used by the API and the web app's forms alike, so one user's
 * count is the same whichever they use.
 */
function acceptedOnly(counter: RateCounter, group: string, max: number): Pick<RouteShorthandOptions, 'preHandler' | 'onSend'> {
  const keyOf = (request: FastifyRequest) => `${group}:${request.user.id}`;
  return {
    preHandler: async (request: FastifyRequest) => {
      const { count, resetInMs } = await counter.current(keyOf(request), minute);
      if (count >= max) throw rateLimitError(request, { ttl: resetInMs });
    },
    onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode < 400) await counter.add(keyOf(request), minute);
      return payload;
    },
  };
}

/** Route options for the limits of API.md; empty when rate limits are off. */
export function rateLimits(config: Config, counter: RateCounter) {
  const enabled = config.rateLimits.enabled;
  const limit = (options: RateLimitOptions) => (enabled ? { rateLimit: options } : undefined);
  return {
    /** Sign-up and sign-in attempts, per client IP: every attempt counts, failed ones most of all. */
    authAttempts: limit({ max: config.rateLimits.authAttemptsPerMinute, timeWindow: minute, groupId: 'auth' }),
    /** New messages and retries, per user; after authentication, so the key is the user. */
    messages: enabled ? acceptedOnly(counter, 'messages', config.rateLimits.messagesPerMinute) : {},
    /** New chats, per user. */
    chats: enabled ? acceptedOnly(counter, 'chats', config.rateLimits.chatsPerMinute) : {},
  };
}
