import type { MessageRow } from '../../messages/message.ts';
import type { ReplyFrame } from '../../streams/reply-frame.ts';
import { partsOfRow, ReplyTranscript } from '../../streams/reply-parts.ts';
import { domIds } from '../../web/views/dom-ids.ts';
import { html, type SafeHtml } from '../../web/views/html.ts';
import { shownReasoning } from '../../web/views/message-view.ts';
import { reasoningHtml, reasoningPieceHtml } from '../../web/views/reasoning-view.ts';
import { turboStream } from '../../web/views/turbo-stream.ts';

type ReasoningFrame = Extract<ReplyFrame, { type: 'reasoning' }>;

/**
 * A streaming reply's reasoning on one page: hidden until it comes, open while it grows (each piece
 * appended, by its place), folded once the answer starts. Appearing and folding replace it whole, so they
 * need all of it: the stream may have joined halfway, so the stored reply gives the start and the pieces
 * this stream saw give the end (they overlap: the stream starts from what the page showed, which was stored).
 */
export class ReasoningOnPage {
  private state: 'hidden' | 'open' | 'folded';
  /** The reasoning this stream saw, as one run from `at` (a new part starts a new run). */
  private seen: { at: number; text: string; ms: number } | undefined;

  constructor(
    private readonly row: MessageRow,
    private readonly findMessage: (id: string) => Promise<MessageRow | undefined>,
  ) {
    // The page may have been rendered before this row was read: it is folded again with the first text this stream sees.
    this.state = shownReasoning(row).text === '' ? 'hidden' : 'open';
  }

  /** The actions for one batch of frames: `answering` when the batch carries text. */
  async actions(frames: ReplyFrame[], answering: boolean): Promise<SafeHtml[]> {
    const pieces = frames.filter((frame): frame is ReasoningFrame => frame.type === 'reasoning');
    for (const piece of pieces) this.see(piece);
    if (answering && this.state !== 'folded' && (this.state === 'open' || this.seen)) {
      this.state = 'folded';
      return [await this.whole(true)];
    }
    if (pieces.length === 0) return [];
    if (this.state === 'hidden') {
      this.state = 'open';
      return [await this.whole(false)];
    }
    const id = this.row.id;
    return [turboStream('append', domIds.reasoningText(id), html`${pieces.map((p) => reasoningPieceHtml(id, p.position - p.text.length, p.text))}`)];
  }

  private see(piece: ReasoningFrame): void {
    const at = piece.position - piece.text.length;
    if (this.seen && at === this.seen.at + this.seen.text.length) {
      this.seen.text += piece.text;
      this.seen.ms = piece.ms;
    } else {
      this.seen = { at, text: piece.text, ms: piece.ms };
    }
  }

  private async whole(answering: boolean): Promise<SafeHtml> {
    const stored = (await this.findMessage(this.row.id)) ?? this.row;
    const reply = new ReplyTranscript(partsOfRow(stored));
    const seen = this.seen;
    if (seen && !reply.place({ type: 'reasoning', text: seen.text, at: seen.at, ms: seen.ms })) {
      // The stored reply is behind what this stream saw began with: show what there is, in order.
      reply.reasoning(seen.text, seen.ms);
    }
    const parts = reply.parts.filter((part) => part.type === 'reasoning');
    const ms = Math.max(
      seen?.ms ?? 0,
      parts.reduce((sum, part) => sum + part.ms, 0),
    );
    const text = parts.map((part) => part.text).join('');
    return turboStream('replace', domIds.reasoning(this.row.id), reasoningHtml(this.row.id, { text, ms, answering }));
  }
}
