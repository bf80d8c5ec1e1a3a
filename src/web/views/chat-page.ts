import type { Chat } from '../../chats/chat-store.ts';
import type { MessageRow } from '../../messages/message.ts';
import type { MessageTree } from '../../messages/message-tree.ts';
import { encodePosition, type ChatPosition } from './chat-position.ts';
import { composer } from './composer.ts';
import { domIds } from './dom-ids.ts';
import { html, type SafeHtml } from './html.ts';
import { chatHead, drawerToggle, sidebar } from './chat-head.ts';
import type { ChatListing } from './chat-listing.ts';
import { layout } from './layout.ts';
import { suggestions } from './suggested-prompts.ts';
import { icon } from './icons.ts';
import { renderMessage } from './message-view.ts';
import type { PageContext } from './page-context.ts';

export type StreamTransport = 'sse' | 'websocket';

/** A chat's messages and the path of them that its page shows. */
export interface ChatPath {
  tree: MessageTree;
  path: MessageRow[];
}

/**
 * A chat's page. The stream element carries the page's position in its URL: the stream then starts
 * exactly where this render ends, with nothing lost and nothing shown twice.
 */
export function chatPage(ctx: PageContext, chat: Chat, shown: ChatPath, chats: ChatListing, models: string[], transport: StreamTransport, notice = ''): string {
  const rows = shown.path;
  let position: ChatPosition = { messageId: null };
  const articles: SafeHtml[] = [];
  for (const row of rows) {
    const rendered = renderMessage(ctx, row, shown.tree.versionsOf(row));
    articles.push(rendered.html);
    position = rendered.growing ? { messageId: row.id, growing: rendered.growing } : { messageId: row.id };
  }
  const streaming = rows.some((row) => row.status === 'streaming' || row.status === 'awaiting_approval');
  return layout(ctx, {
    title: chat.title,
    bodyClass: 'chat-page',
    mainId: domIds.chat,
    // A snapshot of a streaming chat is stale at once; always render it afresh.
    head: html`<meta name="turbo-cache-control" content="no-cache">`,
    body: html`<div class="with-sidebar" data-controller="drawer" data-action="keydown.esc@window->drawer#close">${sidebar(chats, chat.id)}
<div class="drawer-backdrop" data-drawer-target="backdrop" data-action="click->drawer#close" hidden></div>
<main id="${domIds.chat}" tabindex="-1" class="chat" data-controller="clipboard citations" data-action="click->clipboard#copy click->citations#open">
  ${drawerToggle()}
  ${chatHead(ctx, chat, models)}
  ${chat.system ? html`<details class="chat__system"><summary>System prompt</summary><p>${chat.system}</p></details>` : ''}
  ${streamSource(chat.id, encodePosition(position), transport)}
  <div id="${domIds.messages}" class="messages" data-controller="scroll">${articles}</div>
  ${rows.length === 0 ? html`<div class="empty" id="empty-chat"><p>Send a message to start, or try one of these:</p>${suggestions(ctx, `/chats/${chat.id}/messages`)}</div>` : ''}
  <button type="button" id="${domIds.scrollToLatest}" class="scroll-to-latest button button--small" data-testid="scroll-to-latest" aria-label="Jump to the latest message" hidden>${icon('down')}<span>Latest</span></button>
  <div id="${domIds.announcer}" class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer"></div>
  <div class="composer-dock">${composer(ctx, chat.id, streaming, notice)}</div>
</main></div>`,
  });
}

function streamSource(chatId: string, position: string, transport: StreamTransport): SafeHtml {
  const query = new URLSearchParams({ position }).toString();
  if (transport === 'websocket') {
    return html`<div hidden data-controller="socket-stream" data-socket-stream-url-value="/chats/${chatId}/socket" data-socket-stream-position-value="${position}"></div>`;
  }
  return html`<turbo-stream-source src="/chats/${chatId}/stream?${query}"></turbo-stream-source>`;
}
