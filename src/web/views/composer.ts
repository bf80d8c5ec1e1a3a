import { domIds } from './dom-ids.ts';
import { html, trusted, type SafeHtml } from './html.ts';
import { csrfInput } from './layout.ts';
import type { FragmentContext } from './page-context.ts';

/**
 * The composer. Rendered disabled while the chat has a reply streaming, which is all a page without
 * JavaScript gets; with it, the composer controller keeps that true as replies start and end in any tab.
 */
export function composer(ctx: FragmentContext, chatId: string, streaming: boolean, notice = ''): SafeHtml {
  const disabled = trusted(streaming ? ' disabled' : '');
  return html`<form id="${domIds.composer}" class="composer" data-testid="composer" action="/chats/${chatId}/messages" method="post"
    data-controller="composer" data-composer-messages-value="${domIds.messages}" data-composer-announcer-value="${domIds.announcer}"
    data-action="keydown->composer#keydown input->composer#grow keydown@window->composer#stop"${trusted(streaming ? ' data-streaming' : '')}>
  ${csrfInput(ctx.csrf)}
  <textarea name="content" rows="2" required placeholder="Message (Enter sends, Shift+Enter for a new line)" aria-label="Message"
    data-composer-target="input"${disabled}></textarea>
  <button type="submit" class="button" data-composer-target="submit"${disabled}>Send</button>
  ${notice ? html`<p class="composer__notice" role="alert">${notice}</p>` : ''}
</form>`;
}
