import { html, type SafeHtml } from './html.ts';
import { csrfInput } from './layout.ts';
import type { FragmentContext } from './page-context.ts';

/** Ways to begin, for an empty chat: each is a one-click send. */
export const suggestedPrompts = [
  'Explain how a hash table works, with a small example',
  'Write a friendly email asking to move a meeting to Friday',
  'Give me three ideas for a quick vegetarian dinner',
  'What is the derivative of x² · sin(x)? Show the steps',
];

/**
 * Each suggestion is a form of its own that sends it as it is (so it works without JavaScript): to
 * `action`, the empty chat's messages or the new-chat form, with the `fields` that form needs.
 */
export function suggestions(ctx: FragmentContext, action: string, fields: Record<string, string> = {}): SafeHtml {
  return html`<ul class="suggestions" aria-label="Suggested prompts" data-testid="suggestions">${suggestedPrompts.map(
    (prompt) => html`<li><form action="${action}" method="post" class="suggestion">${csrfInput(ctx.csrf)}
      ${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
      <input type="hidden" name="content" value="${prompt}">
      <button type="submit" class="suggestion__button" data-testid="suggested-prompt">${prompt}</button>
    </form></li>`,
  )}</ul>`;
}
