import type { Chat } from '../../chats/chat-store.ts';
import { friendlyModelName } from '../../providers/model-directory.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfInput } from './layout.ts';
import type { FragmentContext } from './page-context.ts';

/**
 * The chat's model, changeable at any time: the models the server can serve, the chat's own first, and
 * "Other…" for any `provider:name`. With JavaScript a choice applies at once; without, by the button.
 */
export function modelPicker(ctx: FragmentContext, chat: Chat, models: string[]): SafeHtml {
  const choices = [...new Set([chat.model, ...models])];
  return html`<form action="/chats/${chat.id}/model" method="post" class="model-picker" data-controller="model-picker">
    ${csrfInput(ctx.csrf)}
    <select name="model" data-testid="model-picker" aria-label="Model" data-model-picker-target="select" data-action="change->model-picker#choose">
      ${choices.map((id) => html`<option value="${id}"${id === chat.model ? html` selected` : ''}>${friendlyModelName(id)}</option>`)}
      <option value="">Other…</option>
    </select>
    <input type="text" name="other" placeholder="provider:model" aria-label="Other model id" maxlength="200" spellcheck="false" hidden data-model-picker-target="other">
    <noscript><button type="submit" class="button button--small button--quiet">Use</button></noscript>
  </form>`;
}
