import type { ApiPart } from '../../streams/reply-parts.ts';
import { domIds } from './dom-ids.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfInput } from './layout.ts';

export type ToolCallCard = Extract<ApiPart, { type: 'tool-call' }>;

const stateLabels: Record<ToolCallCard['state'], string> = {
  awaiting_approval: 'Waiting for your approval',
  running: 'Running…',
  done: 'Done',
  failed: 'Failed',
  denied: 'Denied',
};

/** JSON as the card shows it: indented, and cut short (a tool may answer 64 KiB). */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return text.length > 4_000 ? `${text.slice(0, 4_000)}…` : text;
}

/**
 * A reply's tool calls as cards, each with its name, input, state and output (or error); a call that
 * waits for the user has Approve and Deny, plain forms that work without JavaScript. Everything the
 * model or a tool wrote is escaped by `html`.
 */
export function toolCallsHtml(messageId: string, calls: ToolCallCard[], csrf: string): SafeHtml {
  return html`<div id="${domIds.toolCalls(messageId)}" class="tool-calls">${calls.map(
    (
      call,
    ) => html`<details class="tool-call tool-call--${call.state}" data-testid="tool-call" data-state="${call.state}" data-tool-call-id="${call.toolCallId}"${
      call.state === 'awaiting_approval' ? html` open` : ''
    }>
  <summary><code>${call.name}</code> <span class="badge">${stateLabels[call.state]}</span></summary>
  <pre class="tool-call__input">${shown(call.input)}</pre>
  ${call.output !== undefined ? html`<pre class="tool-call__output">${shown(call.output)}</pre>` : ''}
  ${call.error !== undefined ? html`<p class="tool-call__error">${call.error === 'denied' ? 'You denied this call.' : call.error}</p>` : ''}
  ${call.state === 'awaiting_approval' ? decisionForms(messageId, call.toolCallId, csrf) : ''}
</details>`,
  )}</div>`;
}

function decisionForms(messageId: string, toolCallId: string, csrf: string): SafeHtml {
  const action = `/messages/${messageId}/tool-calls/${encodeURIComponent(toolCallId)}`;
  return html`<div class="tool-call__decision">
    <form action="${action}" method="post" class="inline-form">${csrfInput(csrf)}<input type="hidden" name="approved" value="true">
      <button type="submit" class="button button--small" data-testid="approve">Approve</button></form>
    <form action="${action}" method="post" class="inline-form">${csrfInput(csrf)}<input type="hidden" name="approved" value="false">
      <button type="submit" class="button button--small button--quiet" data-testid="deny">Deny</button></form>
  </div>`;
}
