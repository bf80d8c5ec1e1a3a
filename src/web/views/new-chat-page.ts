import { csrfInput, layout } from './layout.ts';
import { html, trusted } from './html.ts';
import type { PageContext } from './page-context.ts';

export interface NewChatForm {
  title?: string;
  model: string;
  system?: string;
  knowledgeBase?: boolean;
  tools: string[];
  error?: string;
}

/** `models` are suggestions (the configured providers' usual models); any `provider:name` may be typed. */
export function newChatPage(ctx: PageContext, form: NewChatForm, models: string[], tools: Array<{ name: string; description: string; requiresApproval: boolean }>): string {
  return layout(ctx, {
    title: 'New chat',
    bodyClass: 'narrow',
    body: html`<main class="card">
  <h1>New chat</h1>
  ${form.error ? html`<p class="notice notice--error" role="alert">${form.error}</p>` : ''}
  <form action="/chats" method="post" class="stack">
    ${csrfInput(ctx.csrf)}
    <label>Title <input type="text" name="title" value="${form.title ?? ''}" maxlength="200" placeholder="New chat"></label>
    <label>Model
      <input type="text" name="model" value="${form.model}" list="models" required maxlength="200" spellcheck="false">
      <datalist id="models">${models.map((model) => html`<option value="${model}"></option>`)}</datalist>
      <small class="muted">provider:model, for example ${models.join(', ')}</small>
    </label>
    <label>System prompt <small class="muted">(optional)</small>
      <textarea name="system" rows="4" placeholder="You are a helpful assistant.">${form.system ?? ''}</textarea>
    </label>
    <label class="check"><input type="checkbox" name="knowledgeBase" value="on"${trusted(form.knowledgeBase ? ' checked' : '')}>
      Answer from my documents <small class="muted">(search the knowledge base first, and show the sources)</small></label>
    <fieldset class="stack" data-testid="chat-tools"><legend>Tools the model may call</legend>
      <input type="hidden" name="toolsChosen" value="on">
      ${tools.map(
        (tool) => html`<label class="check"><input type="checkbox" name="tool_${tool.name}" value="on"${trusted(form.tools.includes(tool.name) ? ' checked' : '')}>
        <code>${tool.name}</code> <small class="muted">${tool.description}${tool.requiresApproval ? ' (asks you first)' : ''}</small></label>`,
      )}
    </fieldset>
    <button type="submit" class="button">Start chat</button>
  </form>
</main>`,
  });
}
