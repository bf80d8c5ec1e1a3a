import type { StoredReply } from './stored-reply.ts';
import type { ReplyEvent, Source } from './reply-events.ts';
import type { ReplyFrame } from './reply-frame.ts';
import { eventsOfParts, lengthOf, partsOfRow, unansweredCalls, type PlacedEvent } from './reply-parts.ts';

/**
 * Where one subscriber stands in one reply: the reply it has (up to `position`, the resume id's number,
 * on the line of positions that reasoning, text and tool calls share: see reply-parts.ts), and the
 * thinking steps, sources and approvals it was sent on this connection. Frames are made from where things
 * belong in the reply, never from how many entries a log happened to hold: so the live log, a log lost
 * and re-seeded, and the stored message can each be read in turn and add up to exactly the stored parts.
 * Pieces of one kind in one batch go out as one: a subscriber catching up gets one frame, not hundreds.
 */
export class ReplyPlace {
  /** The furthest position the logs read so far reached: a resume id past it and the stored reply is no id of this reply. */
  logged = 0;
  /** Where the log being read stands: a delta without `at` starts there. */
  private logEnd = 0;
  private steps = 0;
  private sourcesSent = false;
  /** Calls whose approval was sent on this connection, and calls known to be answered (no approval is owed for them). */
  private readonly approvalsSent = new Set<string>();
  private readonly answered = new Set<string>();

  constructor(public position: number) {}

  /**
   * Adds what one log entry owes the subscriber to `frames`. False, taking nothing, when the entry's
   * piece starts past the place: the log is missing some of the reply here, which only the stored
   * message can give.
   */
  take(frames: ReplyFrame[], event: ReplyEvent): boolean {
    switch (event.type) {
      case 'delta':
      case 'reasoning':
      case 'tool-call':
      case 'tool-result': {
        const at = event.at ?? this.logEnd;
        if (at > this.position) return false;
        this.logEnd = at + lengthOf(event as PlacedEvent);
        this.logged = Math.max(this.logged, this.logEnd);
        if (event.type === 'tool-result') this.answer(frames, event.toolCallId);
        this.addPiece(frames, event as PlacedEvent, at);
        return true;
      }
      case 'approval':
        this.addApproval(frames, event);
        return true;
      case 'decided':
        this.answer(frames, event.toolCallId);
        return true;
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

  /**
   * Adds what the stored message has beyond the place: steps and sources not sent yet, the parts past it,
   * and, while it waits for a decision, the approvals it waits for.
   */
  fill(frames: ReplyFrame[], row: StoredReply): void {
    const steps = JSON.parse(row.thinking) as string[];
    for (; this.steps < steps.length; this.steps++) frames.push({ type: 'thinking', step: steps[this.steps]!, n: this.steps });
    if (row.sources !== null) this.addSources(frames, JSON.parse(row.sources) as Source[]);
    const parts = partsOfRow(row);
    for (const part of parts) if (part.type === 'tool-result') this.answer(frames, part.toolCallId);
    for (const event of eventsOfParts(parts)) this.addPiece(frames, event, event.at);
    if (row.status !== 'awaiting_approval') return;
    for (const call of unansweredCalls(parts)) {
      if (call.approval) this.addApproval(frames, { toolCallId: call.toolCallId, name: call.name, input: call.input });
    }
  }

  private addSources(frames: ReplyFrame[], sources: Source[]): void {
    if (this.sourcesSent) return;
    this.sourcesSent = true;
    frames.push({ type: 'sources', sources });
  }

  private addApproval(frames: ReplyFrame[], call: { toolCallId: string; name: string; input: unknown }): void {
    if (this.approvalsSent.has(call.toolCallId) || this.answered.has(call.toolCallId)) return;
    this.approvalsSent.add(call.toolCallId);
    frames.push({ type: 'approval', toolCallId: call.toolCallId, name: call.name, input: call.input });
  }

  /** A call was answered or decided: an approval for it still in this batch is no longer owed (a reader catching up skips it). */
  private answer(frames: ReplyFrame[], toolCallId: string): void {
    this.answered.add(toolCallId);
    const waiting = frames.findIndex((frame) => frame.type === 'approval' && frame.toolCallId === toolCallId);
    if (waiting !== -1) frames.splice(waiting, 1);
  }

  private addPiece(frames: ReplyFrame[], piece: PlacedEvent, at: number): void {
    const end = at + lengthOf(piece);
    if (end <= this.position) return;
    if (piece.type === 'tool-call' || piece.type === 'tool-result') {
      const { at: _at, ...fields } = piece;
      frames.push({ ...fields, position: end } as ReplyFrame);
      this.position = end;
      return;
    }
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
