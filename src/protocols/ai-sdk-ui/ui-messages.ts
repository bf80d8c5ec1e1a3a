import type { UIMessage, UIMessageChunk } from 'ai';
import { isFinished, type MessageRow } from '../../messages/message.ts';
import { storedFrames } from '../../streams/stored-frames.ts';
import { UiMessageChunks } from './ui-message-chunks.ts';

/**
 * Stored messages as the AI SDK's UIMessages. A reply is its stream's chunks (the same mapping as the live
 * stream) assembled by the `ai` package itself, as a client that read the stream assembles them: so
 * `useChat`'s initial messages and a streamed reply are the same parts, tool calls and metadata included.
 * The replies go through one assembly together (each `start` begins the next message): its cost is paid once
 * per request, not once per reply.
 */
export async function toUiMessages(rows: MessageRow[]): Promise<UIMessage[]> {
  const replies = rows.filter((row) => row.role === 'assistant');
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const row of replies) for (const { chunk } of chunksOf(row)) controller.enqueue(chunk);
      controller.close();
    },
  });
  const assembled = new Map<string, UIMessage>();
  // Loaded on first use: the `ai` package (with its gateway and OpenTelemetry API) is about 10 MB of a
  // process that may never serve a useChat client.
  const { readUIMessageStream } = await (aiPackage ??= import('ai'));
  if (replies.length > 0) for await (const message of readUIMessageStream({ stream })) assembled.set(message.id, message);
  return rows.map((row) => (row.role === 'assistant' ? assembled.get(row.id)! : { id: row.id, role: row.role, parts: [{ type: 'text', text: row.content }] }));
}

let aiPackage: Promise<typeof import('ai')> | undefined;

function chunksOf(row: MessageRow) {
  const frames = storedFrames(row, 0);
  // Every stored reply is given an end; one still being written has none yet.
  if (!isFinished(row.status)) frames.pop();
  const mapping = new UiMessageChunks(row.id);
  return [...mapping.opening(), ...mapping.of(frames)];
}
