import type { Chat } from '../../chats/chat-store.ts';
import { olderChatsPath, type ChatListing } from './chat-listing.ts';
import { domIds } from './dom-ids.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfInput } from './layout.ts';
import { icon } from './icons.ts';
import { modelPicker } from './model-picker.ts';
import type { FragmentContext } from './page-context.ts';

/**
 * The head of a chat's page: its title, its model (the picker) and the chat's own actions (rename, delete). The chat's
 * stream replaces it whole when the chat changes in any tab (a rename, the title written after the first reply).
 */
export function chatHead(ctx: FragmentContext, chat: Chat, models: string[]): SafeHtml {
  return html`<div id="${domIds.chatHead}" class="chat__head">
    <h1 class="chat__title" data-testid="chat-title">${chat.title}</h1>
    ${modelPicker(ctx, chat, models)}
    ${chat.knowledgeBase ? html`<span class="badge">Knowledge base</span>` : ''}
    <div class="chat__actions">
      <details class="chat__rename">
        <summary class="button button--small button--quiet" data-testid="rename-chat" aria-label="Rename this chat">${icon('edit')}<span>Rename</span></summary>
        <form action="/chats/${chat.id}/rename" method="post" class="chat__rename-form">${csrfInput(ctx.csrf)}
          <input type="text" name="title" value="${chat.title}" maxlength="200" required aria-label="New title">
          <button type="submit" class="button button--small">Save</button>
        </form>
      </details>
      <form action="/chats/${chat.id}/delete" method="post" class="inline-form" data-turbo-confirm="Delete this chat?">${csrfInput(ctx.csrf)}
        <button type="submit" class="button button--small button--quiet" data-testid="delete-chat" aria-label="Delete this chat">${icon('trash')}<span>Delete</span></button>
      </form>
    </div>
  </div>`;
}

/** A chat in the sidebar's list; the chat's stream replaces it when its title changes. */
export const chatLink = (chat: Chat, current: boolean): SafeHtml =>
  html`<a id="${domIds.chatLink(chat.id)}" href="/chats/${chat.id}" class="sidebar__link" data-testid="chat-link"${current ? html` aria-current="page"` : ''}>${chat.title}</a>`;

/** The user's newest-active chats beside the chat on wide screens; past them, "More chats" goes on in the home page's list. */
export function sidebar({ chats, older }: ChatListing, currentId: string): SafeHtml {
  return html`<aside id="chat-drawer" class="sidebar" aria-label="Your chats" data-drawer-target="panel">
    <div class="sidebar__top">
      <a href="/chats/new" class="button button--small sidebar__new">${icon('plus')} New chat</a>
      <button type="button" class="icon-button sidebar__close" data-action="drawer#close" aria-label="Close the chat list">${icon('close')}</button>
    </div>
    <nav data-testid="chat-list"><ul>${chats.map((chat) => html`<li>${chatLink(chat, chat.id === currentId)}</li>`)}</ul>
      ${older ? html`<a href="${olderChatsPath(older)}" class="sidebar__more" data-testid="more-chats">More chats</a>` : ''}</nav>
  </aside>`;
}

/** On a narrow screen, the chat list is a drawer: this opens it (without JavaScript, it goes to the list page). */
export const drawerToggle = (): SafeHtml =>
  html`<a href="/" class="icon-button drawer-toggle" data-testid="open-chat-list" aria-controls="chat-drawer" aria-expanded="false"
    data-drawer-target="toggle" data-action="drawer#open">${icon('menu')}<span>Chats</span></a>`;
