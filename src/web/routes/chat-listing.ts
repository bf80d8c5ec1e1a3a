import { encodeChatCursor, type ChatCursor, type ChatStore } from '../../chats/chat-store.ts';
import type { ChatListing } from '../views/chat-listing.ts';

/** Chats the web app lists at once: the sidebar, and each page of the home page's list (the sidebar's "More chats" is its second page). */
export const chatsPerPage = 50;

/** A page of the user's own chats, with its next page's cursor encoded as the JSON API hands out its `next`. */
export async function chatListing(chats: ChatStore, userId: string, before?: ChatCursor): Promise<ChatListing> {
  const page = await chats.list(userId, { limit: chatsPerPage, before });
  return { chats: page.chats, older: page.next && encodeChatCursor(page.next) };
}
