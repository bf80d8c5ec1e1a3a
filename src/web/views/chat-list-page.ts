import { olderChatsPath, type ChatListing } from './chat-listing.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { startComposer, type NewChatForm } from './new-chat-page.ts';
import type { PageContext } from './page-context.ts';
import { timeAgo } from './time.ts';

/**
 * The home page: start a chat by typing, and the chats so far, a page at a time (`firstPage` false: a page
 * of older chats, reached by its "Older chats" link).
 */
export function chatListPage(ctx: PageContext, { chats, older }: ChatListing, firstPage: boolean, now: number, start: NewChatForm, models: string[]): string {
  return layout(ctx, {
    title: firstPage ? 'Chats' : 'Older chats',
    bodyClass: 'narrow',
    body: html`<main id="main" class="chat-list">
  <section class="start" aria-labelledby="start-heading">
    <h1 id="start-heading">What can I help with?</h1>
    ${startComposer(ctx, start, models)}
  </section>
  <div class="chat-list__head">
    <h2>Your chats</h2>
    <a href="/chats/new" class="button button--small">New chat</a>
  </div>
  <p class="chat-list__usage"><a href="/usage">What you spent this month</a></p>
  ${
    chats.length === 0
      ? html`<p class="empty">${firstPage ? 'No chats yet: type above to start one.' : 'No older chats.'}</p>`
      : html`<ul class="chat-list__items" data-testid="chat-list">${chats.map(
          (chat) => html`<li><a href="/chats/${chat.id}" class="chat-list__item" data-testid="chat-link">
            <span class="chat-list__title">${chat.title}</span>
            <span class="chat-list__meta">${chat.model} · ${timeAgo(chat.updatedAt, now)}</span>
          </a></li>`,
        )}</ul>`
  }
  ${
    firstPage && !older
      ? ''
      : html`<nav class="chat-list__pages" aria-label="Pages of your chats">
    ${firstPage ? '' : html`<a href="/" data-testid="newest-chats">Newest chats</a>`}
    ${older ? html`<a href="${olderChatsPath(older)}" rel="next" class="chat-list__older" data-testid="older-chats">Older chats</a>` : ''}
  </nav>`
  }
</main>`,
  });
}
