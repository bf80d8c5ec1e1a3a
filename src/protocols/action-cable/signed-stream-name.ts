import { createHmac, timingSafeEqual } from 'node:crypto';
import { encodePosition, parsePosition, type ChatPosition } from '../../web/views/chat-position.ts';

/**
 * What a signed stream name grants: following one chat of one user, from the position the page shows,
 * until it expires. The name is the capability (whoever holds it may subscribe), so it is an HMAC with
 * the server's secret and carries its expiry. Its parts are ids, a base-36 time and a chat position:
 * nothing that needs quoting in JSON, HTML attributes or a CSS attribute selector.
 */
export interface StreamGrant {
  chatId: string;
  userId: string;
  position: ChatPosition;
  expiresAt: number;
}

const separator = '--';

const macOf = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 27);

export function signStreamName(secret: string, grant: StreamGrant): string {
  const payload = [grant.chatId, grant.userId, grant.expiresAt.toString(36), encodePosition(grant.position)].join(':');
  return `${payload}${separator}${macOf(secret, payload)}`;
}

export type NameRefusal = 'forged' | 'expired';

/** The grant of a name this server signed, or why it is refused. */
export function verifyStreamName(secret: string, name: string, nowMs: number): StreamGrant | NameRefusal {
  const cut = name.lastIndexOf(separator);
  if (cut === -1) return 'forged';
  const payload = name.slice(0, cut);
  const given = Buffer.from(name.slice(cut + separator.length));
  const expected = Buffer.from(macOf(secret, payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  const [chatId, userId, expires, positionText, ...rest] = payload.split(':');
  const position = positionText === undefined ? undefined : parsePosition(positionText);
  if (!chatId || !userId || !expires || !position || rest.length > 0) return 'forged';
  const expiresAt = parseInt(expires, 36);
  if (!(expiresAt > nowMs)) return 'expired';
  return { chatId, userId, position, expiresAt };
}
