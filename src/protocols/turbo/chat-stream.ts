import { isFinished } from '../../messages/message.ts';
import type { Chat } from '../../chats/chat-store.ts';
import { chatLogKey } from '../../streams/chat-log.ts';
import type { Hotline } from '../../hotline.ts';
import type { EventLog } from '../../streams/event-log.ts';
import { waitForMore } from '../../streams/wait-for-more.ts';
import { domIds } from '../../web/views/dom-ids.ts';
import { html } from '../../web/views/html.ts';
import { chatHead, chatLink } from '../../web/views/chat-head.ts';
import { deletedChat } from '../../web/views/deleted-chat.ts';
import { placeholder, renderMessage } from '../../web/views/message-view.ts';
import type { ChatPosition } from '../../web/views/chat-position.ts';
import type { ChatFrame, ChatStreamOptions } from './chat-frame.ts';
import { followGrowingReply } from './reply-frames.ts';
import { turboStream } from '../../web/views/turbo-stream.ts';

/**
 * A page's stream of one chat, from the position the page is at: messages added to the chat anywhere
 * (their placeholder first), then each streaming reply as it grows, then its final render. Yields
 * 'idle' when nothing happened for `keepAliveMs`. Transport-independent: SSE and WebSocket encode these.
 */
export async function* followChat(
  hotline: Hotline,
  chat: Chat,
  from: ChatPosition,
  options: ChatStreamOptions,
): AsyncGenerator<ChatFrame | 'idle', void, void> {
  const { signal } = options;
  let position = from;
  // Read the chat's log before the database: a message added after this read is announced after it.
  let cursor = await drain(hotline.eventLog, chat.id, null);
  let shownChat = chat;
  while (!signal.aborted) {
    // Deleted anywhere (another tab, the API): tell the reader, and end the stream.
    const now = await hotline.chats.findById(chat.id);
    if (!now) {
      yield { position, html: turboStream('replace', domIds.chat, deletedChat()).value };
      return;
    }
    // Renamed, titled after its first reply, another model: the head and the sidebar's link show it.
    if (now.title !== shownChat.title || now.model !== shownChat.model || now.knowledgeBase !== shownChat.knowledgeBase) {
      shownChat = now;
      const actions = [
        turboStream('replace', domIds.chatHead, chatHead(options.ctx, now, await hotline.modelDirectory.list())),
        turboStream('replace', domIds.chatLink(now.id), chatLink(now, true)),
      ];
      yield { position, html: html`${actions}`.value };
    }
    const { tree, path: rows } = await hotline.messages.currentPath(chat.id);
    const shownAt = position.messageId === null ? -1 : rows.findIndex((row) => row.id === position.messageId);
    if (shownAt === -1 && position.messageId !== null) {
      // The chat's path moved off what the page shows (a retry, an edit, another version chosen, in any
      // tab): the page shows the new path afresh, a streaming reply on it from where it stands.
      const rendered = rows.map((row) => renderMessage(options.ctx, row, tree.versionsOf(row)));
      const last = rows.at(-1);
      const growing = rendered.at(-1)?.growing;
      position = !last ? { messageId: null } : growing ? { messageId: last.id, growing } : { messageId: last.id };
      yield { position, html: turboStream('update', domIds.messages, html`${rendered.map((r) => r.html)}`).value };
    } else if (rows.length > shownAt + 1) {
      const unseen = rows.slice(shownAt + 1);
      const articles = unseen.map((row) =>
        !isFinished(row.status) ? placeholder(options.ctx, row) : renderMessage(options.ctx, row, tree.versionsOf(row)).html,
      );
      // A reply that ended before this stream met it may be on the page as the composer's placeholder.
      const endedReplies = unseen
        .filter((row) => row.role === 'assistant' && isFinished(row.status))
        .map((row) => turboStream('replace', domIds.message(row.id), renderMessage(options.ctx, row, tree.versionsOf(row)).html));
      const last = unseen.at(-1)!;
      position = !isFinished(last.status) ? { messageId: last.id, growing: { seen: 0, blocks: { finished: 0, openFrom: 0 } } } : { messageId: last.id };
      yield { position, html: html`${turboStream('append_once', domIds.messages, html`${articles}`)}${endedReplies}`.value };
    }
    const current = rows.find((row) => row.id === position.messageId);
    if (current && 'growing' in position && position.growing) {
      for await (const frame of followGrowingReply(hotline, current, position.growing, options)) {
        if (frame !== 'idle') position = frame.position;
        yield frame;
      }
      continue;
    }
    const more = await waitForMore(hotline.eventLog, chatLogKey(chat.id), cursor, options.keepAliveMs, signal);
    if (more) cursor = await drain(hotline.eventLog, chat.id, cursor);
    else if (!signal.aborted) yield 'idle';
  }
}

/** Skips the chat log's announcements up to now; returns the new cursor. */
async function drain(eventLog: EventLog, chatId: string, cursor: string | null): Promise<string | null> {
  for (;;) {
    const entries = await eventLog.read(chatLogKey(chatId), cursor, 512);
    if (entries.length > 0) cursor = entries.at(-1)!.offset;
    if (entries.length < 512) return cursor;
  }
}
