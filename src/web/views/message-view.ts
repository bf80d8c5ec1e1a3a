import type { MessageRow } from '../../messages/message.ts';
import { isFinished, toMessage } from '../../messages/message.ts';
import { GrowingMarkdown, type BlockState } from '../markdown/growing-markdown.ts';
import { renderReplyMarkdown, renderTypedMarkdown } from '../markdown/render-markdown.ts';
import { domIds } from './dom-ids.ts';
import { html, trusted, type SafeHtml } from './html.ts';
import { csrfInput } from './layout.ts';
import type { FragmentContext } from './page-context.ts';
import { duration } from './time.ts';
import { copyButton, editDisclosure, versionsNav } from './message-tools.ts';
import { sourcesHtml, thinkingHtml } from './thinking-and-sources.ts';
import { partsOfRow, type StoredPart } from '../../streams/reply-parts.ts';
import { storedLength } from '../../streams/stored-frames.ts';
import { reasoningHtml, type ShownReasoning } from './reasoning-view.ts';
import { toolCallsHtml, type ToolCallCard } from './tool-calls-view.ts';
import { costHtml } from './cost-view.ts';
import { storedCost } from '../../streams/terminal-event.ts';
import { attachmentsHtml } from './attachments-view.ts';
import { icon } from './icons.ts';
import { linkCitations } from '../markdown/citations.ts';

/**
 * One message as an `<article>`, the unit the chat page lists and the stream appends and replaces. A
 * finished message shows its whole text rendered at once. A streaming reply shows its finished blocks
 * and its open block separately, so that the stream can append the next blocks and replace only the
 * open one.
 */
export interface RenderedMessage {
  html: SafeHtml;
  /**
   * For a streaming reply: where its rendering stands (the page's stream resumes from there), in the
   * reply's positions (reasoning and text share them: streams/reply-parts.ts).
   */
  growing?: { seen: number; blocks: BlockState };
}

/** `versions`: the ids of the message's versions (itself included), for its "2/3" arrows. */
export function renderMessage(ctx: FragmentContext, row: MessageRow, versions: string[] = [row.id]): RenderedMessage {
  if (row.role !== 'assistant') return { html: article(ctx, row, trusted(renderTypedMarkdown(row.content)), versions) };
  // A reply waiting for a decision grows again after it: it is rendered, and followed, as a streaming one.
  if (isFinished(row.status)) {
    const sources = row.sources === null ? [] : toMessage(row, []).sources;
    const content = linkCitations(renderReplyMarkdown(row.content), sources, (n) => domIds.source(row.id, n));
    return { html: article(ctx, row, trusted(content), versions) };
  }
  // The text's positions start where its part does: after the reasoning, if the model reasoned first.
  const parts = partsOfRow(row);
  const textFrom = parts.find((part) => part.type === 'text')?.at ?? storedLength(row);
  const growth = new GrowingMarkdown({ finished: 0, openFrom: textFrom }).grow(row.content);
  const content = growingContent(
    row.id,
    growth.finished.map((block) => blockHtml(row.id, block.index, block.html)),
    growth.open,
  );
  return { html: article(ctx, row, content, versions), growing: { seen: storedLength(row), blocks: growth.state } };
}

/** A reply that has just started: what the composer's response and the stream both append. */
export const placeholder = (ctx: FragmentContext, row: MessageRow): SafeHtml =>
  article(ctx, { ...row, content: '', parts: null, thinking: '[]', sources: null }, growingContent(row.id, [], ''));

export const blockHtml = (messageId: string, index: number, rendered: string): SafeHtml =>
  html`<div id="${domIds.block(messageId, index)}" class="block">${trusted(rendered)}</div>`;

export const openBlockHtml = (messageId: string, rendered: string): SafeHtml =>
  html`<div id="${domIds.open(messageId)}" class="open-block">${trusted(rendered)}</div>`;

/**
 * A streaming reply's content: its finished blocks, then the open block, all children of the content
 * element. A frame appends the newly finished blocks together with a new open block: Turbo's `append`
 * first removes the children it brings again by id (the old open block), so the page moves from one
 * whole rendering to the next in one step, and applying the frame twice changes nothing.
 */
function growingContent(messageId: string, blocks: SafeHtml[], open: string): SafeHtml {
  return html`${blocks}${openBlockHtml(messageId, open)}`;
}

function article(ctx: FragmentContext, row: MessageRow, content: SafeHtml, versions: string[] = [row.id]): SafeHtml {
  const message = toMessage(row, []);
  const assistant = row.role === 'assistant';
  // A heading per message, as chat apps give screen readers: "You said:", "Assistant said:" (jump from one to the next).
  return html`<article id="${domIds.message(row.id)}" class="message message--${row.role}" data-testid="message" data-role="${row.role}" data-status="${row.status}" aria-labelledby="${domIds.message(row.id)}_author">
  <header class="message__head">
    <h2 class="message__author" id="${domIds.message(row.id)}_author">${assistant ? 'Assistant' : row.role === 'user' ? 'You' : 'System'}<span class="visually-hidden"> said:</span></h2>
    ${assistant && row.model ? html`<span class="message__model">${row.model}</span>` : ''}
    ${statusBadge(row)}
  </header>
  ${assistant ? thinkingHtml(row.id, message.thinking, row.status === 'streaming' && row.content === '') : ''}
  ${assistant ? sourcesHtml(row.id, row.sources === null ? null : message.sources) : ''}
  ${assistant ? reasoningHtml(row.id, shownReasoning(row)) : ''}
  ${
    assistant
      ? toolCallsHtml(
          row.id,
          message.parts.filter((part): part is ToolCallCard => part.type === 'tool-call'),
          ctx.csrf,
        )
      : ''
  }
  <div id="${domIds.content(row.id)}" class="message__content markdown" data-testid="message-content">${content}</div>
  ${attachmentsHtml(row)}
  ${row.status === 'failed' ? html`<p class="message__error" role="alert">${row.error ?? 'The reply failed.'}</p>` : ''}
  ${assistant ? footer(ctx, row, versions) : html`<footer class="message__foot message__foot--user">${versionsNav(ctx, row, versions)}${copyButton(row)}${editDisclosure(ctx, row)}</footer>`}
</article>`;
}

/** The reasoning a stored reply shows: its reasoning parts, folded once it has text or has ended. */
export function shownReasoning(row: MessageRow): ShownReasoning {
  const reasoning = partsOfRow(row).filter((part): part is Extract<StoredPart, { type: 'reasoning' }> => part.type === 'reasoning');
  return {
    text: reasoning.map((part) => part.text).join(''),
    ms: reasoning.reduce((sum, part) => sum + part.ms, 0),
    answering: row.content !== '' || row.status !== 'streaming',
  };
}

/**
 * A streaming reply's badge: what it does before its first word (its latest step, such as "Retrying…"
 * while the provider is tried again), then "Writing…". The stream replaces it as the steps change.
 */
export const liveBadge = (messageId: string, steps: string[], writing: boolean): SafeHtml =>
  html`<span id="${domIds.status(messageId)}" class="badge badge--live">${!writing && steps.length > 0 ? steps.at(-1) : 'Writing…'}</span>`;

function statusBadge(row: MessageRow): SafeHtml | string {
  switch (row.status) {
    case 'streaming':
      return row.role === 'assistant' ? liveBadge(row.id, JSON.parse(row.thinking) as string[], row.content !== '') : '';
    case 'awaiting_approval':
      return html`<span id="${domIds.status(row.id)}" class="badge badge--live">Waiting for your approval</span>`;
    case 'cancelled':
      return row.finish_reason === 'budget' ? html`<span class="badge">Stopped: budget reached</span>` : html`<span class="badge">Stopped</span>`;
    case 'failed':
      return html`<span class="badge badge--error">Failed</span>`;
    case 'completed':
      return '';
  }
}

function footer(ctx: FragmentContext, row: MessageRow, versions: string[]): SafeHtml {
  if (row.status === 'streaming' || row.status === 'awaiting_approval') {
    return html`<footer class="message__foot">
      <form action="/messages/${row.id}/stop" method="post" class="inline-form">${csrfInput(ctx.csrf)}
        <button type="submit" class="button button--small button--quiet" data-testid="stop">${icon('stop')}<span>Stop</span></button>
      </form>
    </footer>`;
  }
  // A stopped reply has no usage from its provider: its length is what is known.
  const words = row.content.split(/\s+/).filter(Boolean).length;
  const facts = [
    row.output_tokens !== null ? `${row.input_tokens ?? '?'} in · ${row.output_tokens} out tokens` : `${words} ${words === 1 ? 'word' : 'words'}`,
    row.first_token_ms !== null ? `first token ${duration(row.first_token_ms)}` : null,
    row.duration_ms !== null ? `took ${duration(row.duration_ms)}` : null,
  ].filter((fact) => fact !== null);
  return html`<footer class="message__foot">
    ${versionsNav(ctx, row, versions)}
    <span class="message__facts" data-testid="usage">${facts.join(' · ')}</span>
    ${costHtml(storedCost(row))}
    ${copyButton(row)}
    <form action="/messages/${row.id}/retry" method="post" class="inline-form">${csrfInput(ctx.csrf)}
      <button type="submit" class="button button--small button--quiet" data-testid="retry">${icon('retry')}<span>Retry</span></button>
    </form>
  </footer>`;
}
