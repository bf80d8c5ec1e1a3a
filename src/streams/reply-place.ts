import type { StoredReply } from './stored-reply.ts';
import type { ReplyEvent, Source } from './reply-events.ts';
import type { ReplyFrame } from './reply-frame.ts';
import { eventsOfParts, partsOfRow } from './reply-parts.ts';

/**
 * Where one subscriber stands in one reply: the reply it has (up to `position`, the resume id's number,
 * on the line of positions that reasoning and text share: see reply-parts.ts), and the thinking steps
 * and sources it was sent on this connection. Frames are made from where things belong in the reply,
 * never from how many entries a log happened to hold: so the live log, a log lost and re-seeded, and the
 * stored message can each be read in turn and add up to exactly the stored parts. Pieces of one kind in
 * one batch go out as one: a subscriber catching up gets one frame, not hundreds.
 */
export class ReplyPlace {
  /** The furthest position the logs read so far reached: a resume id past it and the stored reply is no id of this reply. */
  logged = 0;
  /** Where the log being read stands: a delta without `at` starts there. */
  private logEnd = 0;
  private steps = 0;
  private sourcesSent = false;

  constructor(public position: number) {}

  /**
   * Adds what one log entry owes the subscriber to `frames`. False, taking nothing, when the entry's
   * piece starts past the place: the log is missing some of the reply here, which only the stored
   * message can give.
   */
  take(frames: ReplyFrame[], event: ReplyEvent): boolean {
    switch (event.type) {
      case 'delta':
      case 'reasoning': {
        const at = event.at ?? this.logEnd;
        if (at > this.position) return false;
        this.logEnd = at + event.text.length;
        this.logged = Math.max(this.logged, this.logEnd);
        this.addPiece(frames, event, at);
        return true;
      }
      case 'thinking': {
        // A step without an index is a passing notice (a place in the queue), never stored: shown, not counted.
        if (event.n === undefined) {
          frames.push({ type: 'thinking', step: event.step });
          return true;
        }
        const n = event.n;
        if (n >= this.steps) {
          frames.push({ type: 'thinking', step: event.step, n });
          this.steps = n + 1;
        }
        return true;
      }
      case 'sources':
        this.addSources(frames, event.sources);
        return true;
      case 'message':
      case 'chat':
        return true;
      default:
        frames.push(event);
        return true;
    }
  }

  /** Adds what the stored message has beyond the place: steps and sources not sent yet, and the parts past it. */
  fill(frames: ReplyFrame[], row: StoredReply): void {
    const steps = JSON.parse(row.thinking) as string[];
    for (; this.steps < steps.length; this.steps++) frames.push({ type: 'thinking', step: steps[this.steps]!, n: this.steps });
    if (row.sources !== null) this.addSources(frames, JSON.parse(row.sources) as Source[]);
    for (const event of eventsOfParts(partsOfRow(row))) this.addPiece(frames, event, event.at);
  }

  private addSources(frames: ReplyFrame[], sources: Source[]): void {
    if (this.sourcesSent) return;
    this.sourcesSent = true;
    frames.push({ type: 'sources', sources });
  }

  private addPiece(frames: ReplyFrame[], piece: Extract<ReplyEvent, { type: 'delta' | 'reasoning' }>, at: number): void {
    const end = at + piece.text.length;
    if (end <= this.position) return;
    const added = piece.text.slice(this.position - at);
    const last = frames.at(-1);
    // Only a frame that ends where this piece's new text starts can take it: the pieces between kinds alternate.
    if (last?.type === piece.type && last.position === this.position) {
      last.text += added;
      last.position = end;
      if (last.type === 'reasoning' && piece.type === 'reasoning') last.ms = piece.ms ?? last.ms;
    } else if (piece.type === 'reasoning') {
      frames.push({ type: 'reasoning', text: added, position: end, ms: piece.ms ?? 0 });
    } else {
      frames.push({ type: 'delta', text: added, position: end });
    }
    this.position = end;
  }
}
