import { domIds } from './dom-ids.ts';
import { html, trusted, type SafeHtml } from './html.ts';
import { icon } from './icons.ts';
import { csrfInput } from './layout.ts';
import type { FragmentContext } from './page-context.ts';

/** What the attach button offers (the server reads each file's type from its bytes anyway). */
const accepted = 'image/png,image/jpeg,image/webp,image/gif,application/pdf,text/*,.md,.txt,.csv,.json,.log';

/**
 * The composer. Rendered disabled while the chat has a reply streaming, which is all a page without
 * JavaScript gets; with it, the composer controller keeps that true as replies start and end in any tab.
 * It is a multipart form, so chosen files go with the message with or without JavaScript; with it, files
 * can also be dropped on it or pasted into it.
 */
export function composer(ctx: FragmentContext, chatId: string, streaming: boolean, notice = ''): SafeHtml {
  return html`<form id="${domIds.composer}" class="composer" data-testid="composer" action="/chats/${chatId}/messages" method="post" enctype="multipart/form-data"
    data-controller="composer attachments" data-composer-messages-value="${domIds.messages}" data-composer-announcer-value="${domIds.announcer}"
    data-action="keydown->composer#keydown input->composer#grow keydown@window->composer#stop dragover->attachments#dragover drop->attachments#drop paste->attachments#paste"${trusted(streaming ? ' data-streaming' : '')}>
  ${csrfInput(ctx.csrf)}
  ${composerFields(streaming)}
  ${notice ? html`<p class="composer__notice" role="alert">${notice}</p>` : ''}
</form>`;
}

/** The message, its files and Send: the chat's composer and the new-chat page's alike. */
export function composerFields(
  disabled: boolean,
  { placeholder = 'Message (Enter sends, Shift+Enter for a new line)', required = true, value = '' } = {},
): SafeHtml {
  const off = trusted(disabled ? ' disabled' : '');
  return html`<ul class="composer__files" data-attachments-target="list" aria-live="polite" aria-label="Files to send"></ul>
  <div class="composer__row">
    <label class="icon-button composer__attach" title="Attach files">${icon('paperclip')}<span class="visually-hidden">Attach files</span>
      <input type="file" name="files" multiple accept="${accepted}" class="visually-hidden" data-testid="attach" data-attachments-target="input" data-action="change->attachments#show"${off}>
    </label>
    <textarea name="content" rows="2"${trusted(required ? ' required' : '')} placeholder="${placeholder}" aria-label="Message"
      data-composer-target="input"${off}>${value}</textarea>
    <button type="submit" class="button composer__send" data-composer-target="submit"${off}>${icon('send')}<span>Send</span></button>
  </div>`;
}
