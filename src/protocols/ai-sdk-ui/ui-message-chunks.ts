import type { FinishReason, UIMessageChunk } from 'ai';
import type { ReplyFrame } from '../../streams/reply-frame.ts';
import type { ReplyCost, Source, Usage } from '../../streams/reply-events.ts';
import { ChunkNumbering } from '../numbering.ts';

/** The finish reasons the AI SDK's `finish` chunk takes; any other of Hotline's is `other`. */
const finishReasons: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content-filter',
  content_filter: 'content-filter',
  'tool-calls': 'tool-calls',
  tool_calls: 'tool-calls',
  error: 'error',
};

/** What the `message-metadata` chunk carries at the reply's end: its usage and what it cost (null for a model with no price). */
export const replyMetadata = (usage: Usage, cost: ReplyCost | undefined) => ({ usage, cost: cost ?? null });

/** A chunk with its number: the SSE id a client resumes from (see ChunkNumbering). */
export interface NumberedChunk {
  number: number;
  chunk: UIMessageChunk;
}

/**
 * A reply as the AI SDK's `ui-message-chunks`, each numbered, so that the stream and the stored message are
 * one mapping (ui-message-encoder.ts writes these chunks, ui-messages.ts assembles them as a client does).
 * The ids of text and reasoning parts are their start positions in the reply, so a client that resumes
 * mid-part goes on in the part it has.
 *
 * Tools run on the server and are not declared by the client, so their parts are `dynamic-tool`: a call is
 * `tool-input-available` (with `tool-approval-request` when it needs the user's approval, whose approvalId
 * is the call's id), its result `tool-output-available`, `tool-output-error`, or `tool-output-denied` for a
 * refused call. A model call is a step: the piece the model writes after the tools answered opens the next
 * (`finish-step`, `start-step`). Each of these follows from the reply's parts alone and takes a number.
 *
 * A reply that waits for the user's decision ends its stream there, the AI SDK way (`finish` with
 * `tool-calls`): the client answers with its next request (`addToolApprovalResponse`), whose stream goes on
 * after the chunks it has. Those closing chunks are the stream's, not the reply's: they take no number.
 */
export class UiMessageChunks {
  /** The stream is over: the reply ended, or it waits for the user's decision. */
  ended = false;
  private readonly numbering: ChunkNumbering;
  private open: { kind: 'text' | 'reasoning'; id: string } | undefined;
  /** The tools answered the model: its next piece belongs to a new step. */
  private stepDone = false;

  /** `after`: the number of the last chunk the client has (its Last-Event-ID), -1 for none. */
  constructor(
    private readonly messageId: string,
    after = -1,
  ) {
    this.numbering = new ChunkNumbering(after);
  }

  opening(): NumberedChunk[] {
    const out: NumberedChunk[] = [];
    this.whole(out, { type: 'start', messageId: this.messageId });
    this.whole(out, { type: 'start-step' });
    return out;
  }

  of(frames: ReplyFrame[]): NumberedChunk[] {
    const out: NumberedChunk[] = [];
    for (const frame of frames) {
      if (this.ended) break;
      switch (frame.type) {
        case 'thinking':
          this.thinking(out, frame.step, frame.n);
          break;
        case 'sources':
          this.sources(out, frame.sources);
          break;
        case 'delta':
          this.piece(out, 'text', frame.text, frame.position);
          break;
        case 'reasoning':
          this.piece(out, 'reasoning', frame.text, frame.position);
          break;
        case 'tool-call':
          this.nextStep(out);
          this.closePart(out);
          this.whole(out, { type: 'tool-input-available', toolCallId: frame.toolCallId, toolName: frame.name, input: frame.input, dynamic: true });
          if (frame.approval) this.whole(out, { type: 'tool-approval-request', approvalId: frame.toolCallId, toolCallId: frame.toolCallId });
          break;
        case 'tool-result':
          this.closePart(out);
          this.whole(out, toolOutput(frame));
          this.stepDone = true;
          break;
        case 'approval': {
          const number = this.numbering.current;
          out.push({ number, chunk: { type: 'finish-step' } }, { number, chunk: { type: 'finish', finishReason: 'tool-calls' } });
          this.ended = true;
          break;
        }
        case 'done':
          this.closePart(out);
          this.whole(out, { type: 'message-metadata', messageMetadata: replyMetadata(frame.usage, frame.cost) });
          this.whole(out, { type: 'finish-step' });
          if (frame.status === 'cancelled') this.whole(out, { type: 'abort', reason: 'stopped' });
          else this.whole(out, { type: 'finish', finishReason: finishReasons[frame.finishReason ?? 'stop'] ?? 'other' });
          this.ended = true;
          break;
        case 'error':
          this.closePart(out);
          this.whole(out, { type: 'finish-step' });
          this.whole(out, { type: 'error', errorText: frame.message });
          this.ended = true;
          break;
      }
    }
    return out;
  }

  /** A knowledge step is a data part with an id, so sending it again updates it; a passing notice is transient. */
  private thinking(out: NumberedChunk[], step: string, n: number | undefined): void {
    if (n === undefined) out.push({ number: this.numbering.current, chunk: { type: 'data-thinking', data: { step }, transient: true } });
    else this.whole(out, { type: 'data-thinking', id: `thinking-${n}`, data: { step } });
  }

  private sources(out: NumberedChunk[], sources: Source[]): void {
    sources.forEach((source, i) =>
      this.whole(out, {
        type: 'source-document',
        sourceId: `source-${i}`,
        mediaType: 'text/plain',
        title: source.title,
        providerMetadata: { hotline: { excerpt: source.excerpt, relevance: source.relevance, url: source.url ?? null } },
      }),
    );
  }

  /** A piece of text or reasoning ending at `position`: opens its part when the kind changes. */
  private piece(out: NumberedChunk[], kind: 'text' | 'reasoning', text: string, position: number): void {
    this.nextStep(out);
    if (this.open?.kind !== kind) {
      this.closePart(out);
      this.open = { kind, id: `${kind}-${position - text.length}` };
      this.whole(out, { type: `${kind}-start`, id: this.open.id });
    }
    const owed = this.numbering.text(text);
    if (owed) out.push({ number: owed.number, chunk: { type: `${kind}-delta`, id: this.open.id, delta: owed.text } });
  }

  private nextStep(out: NumberedChunk[]): void {
    if (!this.stepDone) return;
    this.stepDone = false;
    this.whole(out, { type: 'finish-step' });
    this.whole(out, { type: 'start-step' });
  }

  private closePart(out: NumberedChunk[]): void {
    if (!this.open) return;
    const { kind, id } = this.open;
    this.open = undefined;
    this.whole(out, { type: `${kind}-end`, id });
  }

  /** A whole chunk takes the next number; the client that has it is not sent it again. */
  private whole(out: NumberedChunk[], chunk: UIMessageChunk): void {
    const number = this.numbering.whole();
    if (number !== undefined) out.push({ number, chunk });
  }
}

function toolOutput(result: Extract<ReplyFrame, { type: 'tool-result' }>): UIMessageChunk {
  const { toolCallId, output, error } = result;
  if (error === 'denied') return { type: 'tool-output-denied', toolCallId };
  if (error !== undefined) return { type: 'tool-output-error', toolCallId, errorText: error, dynamic: true };
  return { type: 'tool-output-available', toolCallId, output, dynamic: true };
}
