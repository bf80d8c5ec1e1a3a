import type { Chat } from '../../chats/chat-store.ts';

/** A page of the user's chats as the web app lists them: newest-active first, and the cursor of the page after it. */
export interface ChatListing {
  chats: Chat[];
  /** The `before` of the next page, null on the last one. */
  older: string | null;
}

/** The home page's list from the chat after a listing's last: where the sidebar's "More chats" and the "Older chats" link lead. */
export const olderChatsPath = (older: string): string => `/?${new URLSearchParams({ before: older })}`;
