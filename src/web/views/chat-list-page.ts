import type { Chat } from '../../chats/chat-store.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import type { PageContext } from './page-context.ts';
import { timeAgo } from './time.ts';

export function chatListPage(ctx: PageContext, chats: Chat[], now: number): string {
  return layout(ctx, {
    title: 'Chats',
    bodyClass: 'narrow',
    body: html`<main class="chat-list">
  <div class="chat-list__head">
    <h1>Chats</h1>
    <a href="/chats/new" class="button">New chat</a>
  </div>
  <p class="chat-list__usage"><a href="/usage">What you spent this month</a></p>
  ${
    chats.length === 0
      ? html`<p class="empty">No chats yet. <a href="/chats/new">Start one</a>.</p>`
      : html`<ul class="chat-list__items" data-testid="chat-list">${chats.map(
          (chat) => html`<li><a href="/chats/${chat.id}" class="chat-list__item" data-testid="chat-link">
            <span class="chat-list__title">${chat.title}</span>
            <span class="chat-list__meta">${chat.model} · ${timeAgo(chat.createdAt, now)}</span>
          </a></li>`,
        )}</ul>`
  }
</main>`,
  });
}
