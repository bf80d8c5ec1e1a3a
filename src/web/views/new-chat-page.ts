import { html, trusted, type SafeHtml } from './html.ts';
import { composerFields } from './composer.ts';
import { csrfInput, layout } from './layout.ts';
import type { PageContext } from './page-context.ts';
import { suggestions } from './suggested-prompts.ts';

export interface NewChatForm {
  title?: string;
  model: string;
  system?: string;
  knowledgeBase?: boolean;
  content?: string;
  tools?: string[];
  error?: string;
}

/** The new-chat page: type and send, and the chat is made with the first message. */
export function newChatPage(ctx: PageContext, form: NewChatForm, models: string[], tools: ToolChoice[] = []): string {
  return layout(ctx, {
    title: 'New chat',
    bodyClass: 'narrow',
    body: html`<main id="main" class="start">
  <h1>What can I help with?</h1>
  ${startComposer(ctx, form, models, tools)}
</main>`,
  });
}

/**
 * Start by typing: the composer with the model in reach and the other settings folded under it. The
 * chat is made on the first send (an empty send makes an empty chat). Used on the home page too.
 */
/** A tool a chat may be given, as the form offers it. */
export type ToolChoice = { name: string; description: string; requiresApproval: boolean };

export function startComposer(ctx: PageContext, form: NewChatForm, models: string[], tools: ToolChoice[] = []): SafeHtml {
  return html`${form.error ? html`<p class="notice notice--error" role="alert">${form.error}</p>` : ''}
  <form action="/chats" method="post" enctype="multipart/form-data" class="composer start__composer" data-testid="start-composer"
    data-controller="composer attachments"
    data-action="keydown->composer#keydown input->composer#grow dragover->attachments#dragover drop->attachments#drop paste->attachments#paste">
    ${csrfInput(ctx.csrf)}
    ${composerFields(false, { placeholder: 'Ask anything (Enter sends, Shift+Enter for a new line)', required: false, value: form.content ?? '' })}
    <div class="start__settings">
      <label class="start__model">Model
        <input type="text" name="model" value="${form.model}" list="models" required maxlength="200" spellcheck="false">
        <datalist id="models">${models.map((model) => html`<option value="${model}"></option>`)}</datalist>
      </label>
      <details class="start__more"${trusted(form.title || form.system || form.knowledgeBase ? ' open' : '')}>
        <summary>More options</summary>
        <div class="stack">
          <label>Title <input type="text" name="title" value="${form.title ?? ''}" maxlength="200" placeholder="Written by the model after the first reply"></label>
          <label>System prompt <small class="muted">(optional)</small>
            <textarea name="system" rows="3" placeholder="You are a helpful assistant.">${form.system ?? ''}</textarea>
          </label>
          <label class="check"><input type="checkbox" name="knowledgeBase" value="on"${trusted(form.knowledgeBase ? ' checked' : '')}>
            Answer from my documents <small class="muted">(search the knowledge base first, and show the sources)</small></label>
          ${
            tools.length === 0
              ? ''
              : html`<fieldset class="stack" data-testid="chat-tools"><legend>Tools the model may call</legend>
            <input type="hidden" name="toolsChosen" value="on">
            ${tools.map(
              (
                tool,
              ) => html`<label class="check"><input type="checkbox" name="tool_${tool.name}" value="on"${trusted((form.tools ?? []).includes(tool.name) ? ' checked' : '')}>
              <code>${tool.name}</code> <small class="muted">${tool.description}${tool.requiresApproval ? ' (asks you first)' : ''}</small></label>`,
            )}
          </fieldset>`
          }
        </div>
      </details>
    </div>
  </form>
  ${suggestions(ctx, '/chats?suggested', { model: form.model })}`;
}
