import type { ReplyFrame } from '../../streams/reply-frame.ts';
import type { Source, Usage } from '../../streams/reply-events.ts';
import { resumeId } from '../../streams/resume-id.ts';
import { ChunkNumbering } from '../numbering.ts';
import type { ReplyEncoder } from '../reply-over-sse.ts';

/** The finish reasons the AI SDK's `finish` chunk takes; any other of Hotline's is `other`. */
const finishReasons: Record<string, string> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content-filter',
  content_filter: 'content-filter',
  'tool-calls': 'tool-calls',
  tool_calls: 'tool-calls',
  error: 'error',
};

export const uiMessageStreamHeaders = { 'x-vercel-ai-ui-message-stream': 'v1' };

/** What the stream's `message-metadata` chunk carries, and what the stored message's UIMessage has as metadata. */
export const replyMetadata = (usage: Usage) => ({ usage, cost: null });

/**
 * A reply as the AI SDK's UI message stream (`ui-message-chunks`): `data: <chunk>` events, each with an
 * SSE `id` (its number, tagged with the message: see ChunkNumbering), ending with exactly one of
 * `finish`, `abort` or `error`, then `data: [DONE]`. The ids of text and reasoning parts are their start
 * positions in the reply, so a client that resumes mid-part goes on in the part it has.
 *
 * Tool calls (issue 13) map in `frames` below: a tool-call frame to `tool-input-available`, an approval to
 * `tool-approval-request` (approvalId = toolCallId), a result to `tool-output-available`, or
 * `tool-output-error`, or `tool-output-denied` for a refused call; each is a whole chunk, numbered.
 */
export class UiMessageEncoder implements ReplyEncoder {
  readonly transport = 'ai-sdk';
  private readonly numbering: ChunkNumbering;
  private open: { kind: 'text' | 'reasoning'; id: string } | undefined;

  /** `after`: the number of the last chunk the client has (its Last-Event-ID), -1 for none. */
  constructor(
    private readonly messageId: string,
    after = -1,
  ) {
    this.numbering = new ChunkNumbering(after);
  }

  opening(): string {
    return this.whole({ type: 'start', messageId: this.messageId }) + this.whole({ type: 'start-step' });
  }

  frames(frames: ReplyFrame[]): string {
    let out = '';
    for (const frame of frames) {
      switch (frame.type) {
        case 'thinking':
          out += this.thinking(frame.step, frame.n);
          break;
        case 'sources':
          out += this.sources(frame.sources);
          break;
        case 'delta':
          out += this.piece('text', frame.text, frame.position);
          break;
        case 'reasoning':
          out += this.piece('reasoning', frame.text, frame.position);
          break;
        case 'done': {
          out += this.closePart() + this.whole({ type: 'message-metadata', messageMetadata: replyMetadata(frame.usage) }) + this.whole({ type: 'finish-step' });
          out +=
            frame.status === 'cancelled'
              ? this.whole({ type: 'abort', reason: 'stopped' })
              : this.whole({ type: 'finish', finishReason: finishReasons[frame.finishReason ?? 'stop'] ?? 'other' });
          return out + 'data: [DONE]\n\n';
        }
        case 'error':
          out += this.closePart() + this.whole({ type: 'finish-step' }) + this.whole({ type: 'error', errorText: frame.message });
          return out + 'data: [DONE]\n\n';
      }
    }
    return out;
  }

  /** A knowledge step is a data part with an id, so sending it again updates it; a passing notice is transient. */
  private thinking(step: string, n: number | undefined): string {
    if (n === undefined) return this.chunk(this.numbering.current, { type: 'data-thinking', data: { step }, transient: true });
    return this.whole({ type: 'data-thinking', id: `thinking-${n}`, data: { step } });
  }

  private sources(sources: Source[]): string {
    let out = '';
    sources.forEach((source, i) => {
      out += this.whole({
        type: 'source-document',
        sourceId: `source-${i}`,
        mediaType: 'text/plain',
        title: source.title,
        providerMetadata: { hotline: { excerpt: source.excerpt, relevance: source.relevance, url: source.url ?? null } },
      });
    });
    return out;
  }

  /** A piece of text or reasoning ending at `position`: opens its part when the kind changes. */
  private piece(kind: 'text' | 'reasoning', text: string, position: number): string {
    let out = '';
    if (this.open?.kind !== kind) {
      out += this.closePart();
      this.open = { kind, id: `${kind}-${position - text.length}` };
      out += this.whole({ type: `${kind}-start`, id: this.open.id });
    }
    const owed = this.numbering.text(text);
    if (owed) out += this.chunk(owed.number, { type: `${kind}-delta`, id: this.open.id, delta: owed.text });
    return out;
  }

  private closePart(): string {
    if (!this.open) return '';
    const { kind, id } = this.open;
    this.open = undefined;
    return this.whole({ type: `${kind}-end`, id });
  }

  private whole(chunk: object): string {
    const number = this.numbering.whole();
    return number === undefined ? '' : this.chunk(number, chunk);
  }

  private chunk(number: number, chunk: object): string {
    return `id: ${resumeId(this.messageId, number)}\ndata: ${JSON.stringify(chunk)}\n\n`;
  }
}
