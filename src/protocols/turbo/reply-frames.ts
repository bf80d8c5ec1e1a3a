import { setTimeout as sleep } from 'node:timers/promises';
import type { Hotline } from '../../hotline.ts';
import type { MessageRow } from '../../messages/message.ts';
import { followReply } from '../../streams/follow-reply.ts';
import { ResumeBeyondReply } from '../../streams/stored-frames.ts';
import type { Source } from '../../streams/reply-events.ts';
import { GrowingMarkdown, type BlockState } from '../../web/markdown/growing-markdown.ts';
import { domIds } from '../../web/views/dom-ids.ts';
import { html, type SafeHtml } from '../../web/views/html.ts';
import { blockHtml, liveBadge, openBlockHtml, renderMessage } from '../../web/views/message-view.ts';
import { sourcesHtml, thinkingHtml } from '../../web/views/thinking-and-sources.ts';
import type { ChatFrame, ChatStreamOptions } from './chat-frame.ts';
import { ReasoningOnPage } from './reasoning-frames.ts';
import { ToolCallsOnPage } from './tool-call-frames.ts';
import { turboStream } from '../../web/views/turbo-stream.ts';

/**
 * The frames of one streaming reply, from where the page's rendering of it stands. Deltas that arrive
 * together become one frame, and frames go out at most every `frameIntervalMs`. Each frame appends the
 * blocks that were finished since the last one (once: they never change) with the new open block, in
 * one action that replaces the old open block; thinking steps (folded once the text starts) and sources are replaced whole. Every
 * action is idempotent. The last frame replaces the message with its final render, which removes the
 * cursor and shows status, usage and Retry.
 */
export async function* followGrowingReply(
  hotline: Hotline,
  row: MessageRow,
  from: { seen: number; blocks: BlockState },
  options: ChatStreamOptions,
): AsyncGenerator<ChatFrame | 'idle', void, void> {
  const markdown = new GrowingMarkdown(from.blocks);
  let seen = from.seen;
  const thinking: string[] = [];
  let sources: Source[] | null = null;
  const reasoning = new ReasoningOnPage(row, (id) => hotline.messages.findById(id));
  const toolCalls = new ToolCallsOnPage(row, options.ctx.csrf);
  const frames = followReply({ eventLog: hotline.eventLog, findMessage: (id) => hotline.messages.findById(id) }, row, {
    from: from.blocks.openFrom,
    keepAliveMs: options.keepAliveMs,
    signal: options.signal,
  });
  try {
    for await (const batch of frames) {
      if (batch === 'idle') {
        yield batch;
        continue;
      }
      const actions: SafeHtml[] = [];
      let text = '';
      let textFrom: number | undefined;
      let ended = false;
      for (const frame of batch) {
        if (frame.type === 'delta') {
          textFrom ??= frame.position - frame.text.length;
          text += frame.text;
        } else if (frame.type === 'reasoning' || frame.type === 'tool-call' || frame.type === 'tool-result' || frame.type === 'approval') continue;
        else if (frame.type === 'thinking') thinking.push(frame.step);
        else if (frame.type === 'sources') sources = frame.sources;
        else ended = true;
      }
      if (ended) {
        yield await finalFrame(hotline, row, options);
        return;
      }
      // The steps stay open while the reply thinks, and fold away once it writes.
      const writing = seen > 0 || text !== '';
      if (batch.some((frame) => frame.type === 'thinking') || (text && seen === 0 && thinking.length > 0)) {
        actions.push(turboStream('replace', domIds.thinking(row.id), thinkingHtml(row.id, thinking, !writing)));
        actions.push(turboStream('replace', domIds.status(row.id), liveBadge(row.id, thinking, writing)));
      }
      if (batch.some((frame) => frame.type === 'sources')) actions.push(turboStream('replace', domIds.sources(row.id), sourcesHtml(row.id, sources)));
      if (text) {
        // The text's first piece says where the text starts: after the reasoning, when the model reasoned first.
        if (textFrom !== undefined) markdown.startAt(textFrom);
        const growth = markdown.grow(text);
        const reached = growth.state.openFrom + markdown.openText.length;
        // A resumed page already shows the open block up to `seen`; it only needs it again once it grew.
        if (reached > seen || growth.finished.length > 0) {
          const blocks = growth.finished.map((block) => blockHtml(row.id, block.index, block.html));
          actions.push(turboStream('append', domIds.content(row.id), html`${blocks}${openBlockHtml(row.id, growth.open)}`));
        }
        seen = Math.max(seen, reached);
      }
      // After the text: the reasoning folds as the answer shows, never over an answer not there yet.
      actions.push(...(await reasoning.actions(batch, text !== '')));
      actions.push(...toolCalls.actions(batch));
      if (actions.length === 0) continue;
      yield { position: { messageId: row.id, growing: { seen, blocks: markdown.current } }, html: html`${actions}`.value };
      await pace(options.frameIntervalMs, options.signal);
    }
  } catch (error) {
    // A position past the reply's text is no position of this page: show the reply as it is now instead.
    if (!(error instanceof ResumeBeyondReply)) throw error;
    const fresh = (await hotline.messages.findById(row.id)) ?? row;
    const rendered = renderMessage(options.ctx, fresh, await hotline.messages.versionsOf(fresh));
    yield {
      position: rendered.growing ? { messageId: row.id, growing: rendered.growing } : { messageId: row.id },
      html: turboStream('replace', domIds.message(row.id), rendered.html).value,
    };
  }
}

/** Waits out the rest of a frame's window; a closed connection ends the wait early. */
const pace = (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined);

async function finalFrame(hotline: Hotline, row: MessageRow, options: ChatStreamOptions): Promise<ChatFrame> {
  const ended = (await hotline.messages.findById(row.id)) ?? row;
  return {
    position: { messageId: row.id },
    html: turboStream('replace', domIds.message(row.id), renderMessage(options.ctx, ended, await hotline.messages.versionsOf(ended)).html).value,
  };
}
