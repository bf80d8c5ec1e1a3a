import type { SignedReasoning, ToolCallTurn, Turn } from '../providers/model-provider.ts';
import type { StoredPart, ToolResultPart } from '../streams/reply-parts.ts';

/**
 * What the model is handed back of the reply it is writing, for its next step: each step's text and tool
 * calls as an assistant turn, then each call's answer as a tool turn, in the order of the calls. Its
 * reasoning goes back only where its provider signed it (Anthropic, which requires it after tool calls);
 * other reasoning is the model's own and is not sent back.
 */
export function turnsOfReply(parts: StoredPart[]): Turn[] {
  const results = new Map(parts.filter((p): p is ToolResultPart => p.type === 'tool-result').map((p) => [p.toolCallId, p]));
  const turns: Turn[] = [];
  let text = '';
  let reasoning: SignedReasoning[] = [];
  let calls: ToolCallTurn[] = [];
  const endStep = () => {
    if (text === '' && calls.length === 0) return;
    turns.push({ role: 'assistant', content: text, ...(reasoning.length > 0 ? { reasoning } : {}), ...(calls.length > 0 ? { toolCalls: calls } : {}) });
    for (const call of calls) {
      const result = results.get(call.toolCallId);
      if (result) turns.push(toolTurn(result));
    }
    text = '';
    reasoning = [];
    calls = [];
  };
  for (const part of parts) {
    // Text or reasoning after calls is the next step's.
    if ((part.type === 'text' || part.type === 'reasoning') && calls.length > 0) endStep();
    if (part.type === 'text') {
      text += part.text;
    } else if (part.type === 'reasoning') {
      if (part.signature !== undefined) reasoning.push({ text: part.text, signature: part.signature });
    } else if (part.type === 'tool-call') {
      calls.push({ toolCallId: part.toolCallId, name: part.name, input: part.input });
    }
  }
  endStep();
  return turns;
}

/** How many model calls (steps) went into these parts: one per run of tool calls, each answered by a next step. */
export function stepsTaken(parts: StoredPart[]): number {
  let steps = 0;
  for (const [i, part] of parts.entries()) if (part.type === 'tool-call' && parts[i - 1]?.type !== 'tool-call') steps++;
  return steps;
}

function toolTurn(result: ToolResultPart): Turn {
  return { role: 'tool', toolCallId: result.toolCallId, name: result.name, content: toolResultText(result), isError: result.error !== undefined };
}

/** A tool's answer as the model reads it: its output as text, or why there is none. */
export function toolResultText(result: { output?: unknown; error?: string }): string {
  if (result.error === 'denied') return 'The user denied this tool call.';
  if (result.error !== undefined) return result.error;
  return typeof result.output === 'string' ? result.output : JSON.stringify(result.output);
}
