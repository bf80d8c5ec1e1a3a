import type { Scenario } from './scenario.ts';
import { randomId, type FakeToolCall } from './wire-format.ts';

/**
 * What the fake model makes of a request's tool turns, in either wire format: how many of its steps that
 * called tools are already behind it (after the last question), and the results it was sent for them.
 * OpenAI sends results as `tool` messages; Anthropic as `tool_result` blocks in a user message.
 */
export function toolTurnsOf(body: unknown): { stepsDone: number; results: string[] } {
  const messages = (body as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return { stepsDone: 0, results: [] };
  let stepsDone = 0;
  let results: string[] = [];
  for (const message of messages as Array<{ role?: string; content?: unknown; tool_calls?: unknown }>) {
    const blocks = Array.isArray(message.content) ? (message.content as Array<{ type?: string; content?: unknown }>) : [];
    const toolResults = blocks.filter((block) => block.type === 'tool_result');
    if (message.role === 'user' && toolResults.length === 0) {
      // A new question: the steps start again.
      stepsDone = 0;
      results = [];
    } else if (message.role === 'assistant' && (Array.isArray(message.tool_calls) || blocks.some((block) => block.type === 'tool_use'))) {
      stepsDone++;
    } else if (message.role === 'tool') {
      results.push(String(message.content));
    }
    for (const block of toolResults) results.push(resultText(block.content));
  }
  return { stepsDone, results };
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: { text?: string }) => part.text ?? '').join('');
  return JSON.stringify(content);
}

/** The calls of this step, or null when the model answers now. Arguments stream in fragments of a few characters. */
export function toolCallsOfStep(scenario: Scenario, stepsDone: number): FakeToolCall[] | null {
  if (stepsDone >= scenario.toolSteps) return null;
  return scenario.calls.map((call) => {
    const args = scenario.badArgs ? call.args.slice(0, Math.max(1, call.args.length - 1)) + ', "oops' : call.args;
    return { id: `call_${randomId(24)}`, name: call.name, fragments: args.match(/[\s\S]{1,4}/g) ?? [''] };
  });
}

/** The answer's last words when the model was sent results: it quotes them, so a test sees they arrived. */
export const resultsQuote = (results: string[]): string => `\n\nTool results: ${results.join(' | ')}`;
