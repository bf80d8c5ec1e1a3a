import { readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { isFinished, type MessageRow } from '../../messages/message.ts';
import { storedFrames } from '../../streams/stored-frames.ts';
import { UiMessageChunks } from './ui-message-chunks.ts';

/**
 * A stored message as the AI SDK's UIMessage. A reply is its stream's chunks (the same mapping as the live
 * stream) assembled by the `ai` package itself, as a client that read the stream assembles them: so
 * `useChat`'s initial messages and a streamed reply are the same parts, tool calls and metadata included.
 */
export async function toUiMessage(row: MessageRow): Promise<UIMessage> {
  if (row.role !== 'assistant') return { id: row.id, role: row.role, parts: [{ type: 'text', text: row.content }] };
  const frames = storedFrames(row, 0);
  // Every stored reply is given an end; one still being written has none yet.
  if (!isFinished(row.status)) frames.pop();
  const mapping = new UiMessageChunks(row.id);
  const chunks = [...mapping.opening(), ...mapping.of(frames)];
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const { chunk } of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let assembled: UIMessage | undefined;
  for await (const message of readUIMessageStream({ stream })) assembled = message;
  // The `start` chunk alone makes a message: there always is one.
  return assembled!;
}
