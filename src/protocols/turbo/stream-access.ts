import { userForToken } from '../../accounts/accounts.ts';
import type { Chat } from '../../chats/chat-store.ts';
import type { Hotline } from '../../hotline.ts';
import type { Session } from '../../web/sessions/session.ts';
import { parsePosition, type ChatPosition } from '../../web/views/chat-position.ts';

export type StreamRefusal = 'unauthorized' | 'not_found' | 'bad_position';

export interface OpenedStream {
  session: Session;
  chat: Chat;
  position: ChatPosition;
}

/**
 * Who may follow a chat, decided on every connection and reconnection: the signed-in owner of the chat,
 * from a position that belongs to it. A refused EventSource gets an HTTP error and gives up for good; a
 * refused WebSocket is closed with a 44xx code, which our controller takes as final too.
 */
export async function openChatStream(hotline: Hotline, session: Session | null, chatId: string, positionText: string): Promise<OpenedStream | StreamRefusal> {
  if (!session) return 'unauthorized';
  const opened = await openChatFor(hotline, session.user.id, chatId, positionText);
  return typeof opened === 'string' ? opened : { session, ...opened };
}

/** The same decision for a user known otherwise than by a browser session (a signed Action Cable stream name). */
export async function openChatFor(
  hotline: Hotline,
  userId: string,
  chatId: string,
  positionText: string,
): Promise<Omit<OpenedStream, 'session'> | Exclude<StreamRefusal, 'unauthorized'>> {
  const chat = await hotline.chats.find(userId, chatId);
  if (!chat) return 'not_found';
  const position = parsePosition(positionText || 'start');
  if (!position) return 'bad_position';
  if (position.messageId !== null) {
    const message = await hotline.messages.find(userId, position.messageId);
    if (!message || message.chat_id !== chat.id) return 'bad_position';
  }
  return { chat, position };
}

/** While a stream idles: is its reader still signed in, and the chat still there? */
export async function stillAllowed(hotline: Hotline, session: Session, chatId: string): Promise<boolean> {
  const user = await userForToken(hotline, session.token);
  return user !== undefined && (await hotline.chats.find(user.id, chatId)) !== undefined;
}
