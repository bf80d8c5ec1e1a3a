import { decodeChatCursor, type ChatCursor } from '../chats/chat-store.ts';
import { HttpError } from './http-error.ts';

/**
 * The `before` of a page of chats, as the API and the web app read it from their query: absent on the first
 * page; a text that is not a cursor this server made (a link cut short, or forged) is refused with 400, in
 * the words of the edge that reads it.
 */
export function readChatCursor(before: string | undefined, refusal = 'before: must be the `next` of a previous page'): ChatCursor | undefined {
  if (before === undefined) return undefined;
  const cursor = decodeChatCursor(before);
  if (!cursor) throw new HttpError(400, 'invalid_query', refusal);
  return cursor;
}
