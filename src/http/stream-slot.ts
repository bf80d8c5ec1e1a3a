import type { Hotline } from '../hotline.ts';
import { HttpError } from './http-error.ts';

/** A slot frees when one of the user's streams ends, which nobody can foresee: a short, fixed wait. */
const retryAfterSeconds = 5;

/**
 * The one call every stream makes before it starts (the JSON event stream, the web app's SSE and
 * WebSocket, and each protocol to come): a slot of the user's HOTLINE_SUBSCRIPTIONS_PER_USER, to be
 * released when the stream ends however it ends, or a 429 with Retry-After. Off with the rate limits.
 */
export async function takeStreamSlot(hotline: Hotline, userId: string): Promise<() => void> {
  const { enabled, subscriptionsPerUser } = hotline.config.rateLimits;
  if (!enabled) return () => {};
  const release = await hotline.subscriptions.take(userId, subscriptionsPerUser);
  if (release) return release;
  throw new HttpError(429, 'too_many_streams', `At most ${subscriptionsPerUser} open streams per user; close one and try again`, {
    'retry-after': String(retryAfterSeconds),
  });
}
