import type { ReplyFrame } from '../../streams/reply-frame.ts';
import { resumeId } from '../../streams/resume-id.ts';
import type { ReplyEncoder } from '../reply-over-sse.ts';
import { UiMessageChunks, type NumberedChunk } from './ui-message-chunks.ts';

export const uiMessageStreamHeaders = { 'x-vercel-ai-ui-message-stream': 'v1' };

/**
 * A reply as the AI SDK's UI message stream: its chunks (ui-message-chunks.ts) as `data: <chunk>` events,
 * each with an SSE `id` (its number, tagged with the message: see ChunkNumbering), ending with exactly one
 * of `finish`, `abort` or `error`, then `data: [DONE]`; or, when the reply waits for the user's decision on a
 * tool call, with a `finish` there (the client's next request carries the decision and goes on).
 */
export class UiMessageEncoder implements ReplyEncoder {
  readonly transport = 'ai-sdk';
  private readonly chunks: UiMessageChunks;

  /** `after`: the number of the last chunk the client has (its Last-Event-ID), -1 for none. */
  constructor(
    private readonly messageId: string,
    after = -1,
  ) {
    this.chunks = new UiMessageChunks(messageId, after);
  }

  get ended(): boolean {
    return this.chunks.ended;
  }

  opening(): string {
    return this.sse(this.chunks.opening());
  }

  frames(frames: ReplyFrame[]): string {
    if (this.chunks.ended) return '';
    const out = this.sse(this.chunks.of(frames));
    return this.chunks.ended ? out + 'data: [DONE]\n\n' : out;
  }

  private sse(chunks: NumberedChunk[]): string {
    let out = '';
    for (const { number, chunk } of chunks) out += `id: ${resumeId(this.messageId, number)}\ndata: ${JSON.stringify(chunk)}\n\n`;
    return out;
  }
}
