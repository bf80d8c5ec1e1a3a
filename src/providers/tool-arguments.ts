import type { ModelPart } from './model-provider.ts';

/**
 * A tool call whose arguments arrived as JSON text (streamed in fragments, then joined): parsed into the
 * input, or, when the model wrote something that is not a JSON object, kept raw and marked `malformed`
 * so that the model hears about it rather than the reply failing. Empty arguments are an empty object
 * (models send `""` for a tool without parameters).
 */
export function toolCallOf(toolCallId: string, name: string, argumentsText: string): Extract<ModelPart, { type: 'tool-call' }> {
  if (argumentsText.trim() === '') return { type: 'tool-call', toolCallId, name, input: {} };
  try {
    const input: unknown = JSON.parse(argumentsText);
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) return { type: 'tool-call', toolCallId, name, input };
  } catch {
    // Not JSON: the model is told below.
  }
  return { type: 'tool-call', toolCallId, name, input: argumentsText, malformed: true };
}

/** A call's input as the arguments text the OpenAI formats carry: JSON, or the model's own text when it was malformed. */
export const argumentsTextOf = (input: unknown): string => (typeof input === 'string' ? input : JSON.stringify(input));
