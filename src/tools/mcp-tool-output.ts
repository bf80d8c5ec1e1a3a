import { ToolFailure } from './tool.ts';

interface McpContent {
  type: string;
  text?: string;
}

/**
 * A tool's answer as Hotline keeps it: the structured content when the tool gave one, else its text
 * (the text blocks joined), else its content blocks as they are. A result the tool marked `isError` is a
 * failure the model hears, with the tool's own text.
 */
export function outputOfMcpResult(result: Record<string, unknown>): unknown {
  const content = Array.isArray(result['content']) ? (result['content'] as McpContent[]) : [];
  const texts = content.every((block) => block.type === 'text') ? content.map((block) => block.text ?? '').join('\n') : undefined;
  if (result['isError'] === true) throw new ToolFailure(texts?.slice(0, 2_000) || 'The tool reported an error.');
  if (result['structuredContent'] !== undefined) return result['structuredContent'];
  if ('toolResult' in result) return result['toolResult'];
  return texts ?? content;
}
