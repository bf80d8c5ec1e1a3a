import { createHash } from 'node:crypto';
import type { User } from '../../accounts/user-store.ts';
import { createChat } from '../../chats/chats.ts';
import type { Chat } from '../../chats/chat-store.ts';
import type { Hotline } from '../../hotline.ts';

/**
 * `useChat` picks its chat ids in the browser. Such an id names a chat of its user only: the user's own
 * Hotline chat when it is one (an app that listed the chats through the API), else the chat it stands
 * for in this user's space, whose Hotline id is a hash of both. Two users who pick the same id have two
 * chats, and another user's Hotline chat id names nothing of theirs.
 */
export const scopedChatId = (userId: string, clientId: string): string =>
  'x' + createHash('sha256').update(`${userId}\0${clientId}`).digest('base64url').slice(0, 20);

export async function findClientChat(hotline: Hotline, user: User, clientId: string): Promise<Chat | undefined> {
  return (await hotline.chats.find(user.id, clientId)) ?? (await hotline.chats.find(user.id, scopedChatId(user.id, clientId)));
}

/** The chat a client id names, made on first use (a new `useChat` conversation). */
export async function clientChat(hotline: Hotline, user: User, clientId: string): Promise<Chat> {
  const found = await findClientChat(hotline, user, clientId);
  if (found) return found;
  try {
    return await createChat(hotline, user, {}, scopedChatId(user.id, clientId));
  } catch (error) {
    // Two first requests at once: the other one made it.
    const made = await findClientChat(hotline, user, clientId);
    if (made) return made;
    throw error;
  }
}
