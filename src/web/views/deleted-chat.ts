import { domIds } from './dom-ids.ts';
import { html, type SafeHtml } from './html.ts';

/** What a chat's page becomes when the chat is deleted elsewhere while it is open: a notice and a way on. */
export const deletedChat = (): SafeHtml => html`<main id="${domIds.chat}" class="chat chat--deleted" data-testid="chat-deleted">
  <p class="notice" role="alert">This chat was deleted, in another tab or window.</p>
  <p><a href="/" class="button">Back to your chats</a> <a href="/chats/new" class="button button--quiet">New chat</a></p>
</main>`;
