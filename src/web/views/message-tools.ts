import type { MessageRow } from '../../messages/message.ts';
import { html, type SafeHtml } from './html.ts';
import { icon } from './icons.ts';
import { csrfInput } from './layout.ts';
import type { FragmentContext } from './page-context.ts';

/**
 * The controls on a message besides Stop and Retry: its versions ("2/3" with arrows, each a form that
 * moves the chat's path) and, on a question, Edit (a form in a disclosure, so it works without JavaScript).
 * The edit's field is not named `content`, so `textarea[name=content]` stays the composer's alone.
 */
export function versionsNav(ctx: FragmentContext, row: MessageRow, versions: string[]): SafeHtml | string {
  if (versions.length < 2) return '';
  const index = versions.indexOf(row.id);
  const step = (
    to: number,
    testid: string,
    label: string,
    arrow: 'left' | 'right',
  ) => html`<form action="/chats/${row.chat_id}/current" method="post" class="inline-form">
      ${csrfInput(ctx.csrf)}<input type="hidden" name="messageId" value="${versions[to] ?? ''}">
      <button type="submit" class="icon-button" data-testid="${testid}" aria-label="${label}"${to < 0 || to >= versions.length ? html` disabled` : ''}>${icon(arrow)}</button>
    </form>`;
  const whose = row.role === 'user' ? 'your message' : 'the reply';
  return html`<nav class="versions" data-testid="versions" aria-label="Versions of ${whose}">
    ${step(index - 1, 'previous-version', `Previous version of ${whose}`, 'left')}
    <span class="versions__count">${index + 1}/${versions.length}</span>
    ${step(index + 1, 'next-version', `Next version of ${whose}`, 'right')}
  </nav>`;
}

export function editDisclosure(ctx: FragmentContext, row: MessageRow): SafeHtml {
  return html`<details class="message__edit" data-controller="edit" data-action="toggle->edit#open">
    <summary class="button button--small button--quiet" data-testid="edit" aria-label="Edit your message">${icon('edit')}<span>Edit</span></summary>
    <form action="/messages/${row.id}/edit" method="post" class="message__edit-form">
      ${csrfInput(ctx.csrf)}
      <textarea name="edited" rows="3" required aria-label="Edited message" data-edit-target="input" data-action="keydown->edit#keydown">${row.content}</textarea>
      <button type="submit" class="button button--small">Send</button>
    </form>
  </details>`;
}

/** Copies the message's text (the clipboard controller finds it from the button). */
export const copyButton = (row: MessageRow): SafeHtml =>
  html`<button type="button" class="icon-button" data-testid="copy" aria-label="Copy ${row.role === 'user' ? 'your message' : 'the reply'}">${icon('copy')}<span data-label>Copy</span></button>`;
