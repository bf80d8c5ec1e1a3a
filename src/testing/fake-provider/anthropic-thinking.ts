import { createHmac } from 'node:crypto';

/** Only the fake knows it, as only Anthropic knows its own: a client cannot forge or amend a signature. */
const key = 'fake-provider-thinking';

/** The signature the fake seals a thinking block with: it binds the block's exact text. */
export const signatureOf = (thinking: string): string => createHmac('sha256', key).update(thinking).digest('base64');

type Block = { type?: string; thinking?: unknown; signature?: unknown };
type Message = { role?: string; content?: unknown };

/**
 * What Anthropic refuses (400 `invalid_request_error`) in a request with extended thinking on: a thinking
 * block whose signature does not match its text, and a continuation after tool calls (the last message
 * holds tool results) whose last assistant message does not start with the thinking block it was written
 * after. A model that did not think (`thinks` false) wrote no block to be handed back. Undefined when the
 * request is fine.
 */
export function thinkingProblem(body: unknown, thinks: boolean): string | undefined {
  const { thinking, messages } = body as { thinking?: { type?: string }; messages?: unknown };
  if (thinking?.type !== 'enabled' || !Array.isArray(messages)) return undefined;
  const sent = messages as Message[];
  for (const [i, message] of sent.entries()) {
    for (const [j, block] of blocksOf(message).entries()) {
      if (block.type === 'thinking' && block.signature !== signatureOf(String(block.thinking))) {
        return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
      }
    }
  }
  const continues = blocksOf(sent.at(-1) ?? {}).some((block) => block.type === 'tool_result');
  const last = sent.findLastIndex((message) => message.role === 'assistant');
  if (!thinks || !continues || last === -1) return undefined;
  const first = blocksOf(sent[last]!)[0]?.type ?? 'text';
  if (first === 'thinking' || first === 'redacted_thinking') return undefined;
  return (
    `messages.${last}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first}\`. When \`thinking\` is enabled, ` +
    'a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). ' +
    'We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`.'
  );
}

function blocksOf(message: Message): Block[] {
  return Array.isArray(message.content) ? (message.content as Block[]) : [];
}
