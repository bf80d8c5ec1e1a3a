import type { MessageRow } from '../messages/message.ts';
import type { ReplyEvent, Source } from './reply-events.ts';
import type { ReplyFrame } from './reply-frame.ts';

/**
 * Where one subscriber stands in one reply: the text it has (up to `position`, the resume id's
 * number), and the thinking steps and sources it was sent on this connection. Frames are made from
 * where things belong in the reply, never from how many entries a log happened to hold: so the live log,
 * a log lost and re-seeded, and the stored message can each be read in turn and add up to exactly the
 * stored text. Deltas in one batch go out as one: a subscriber catching up gets one frame, not hundreds.
 */
export class ReplyPlace {
  /** The furthest text position the logs read so far reached: a resume id past it and the stored text is no id of this reply. */
  logged = 0;
  /** Where the text of the log being read stands: a delta without `at` starts there. */
  private logEnd = 0;
  private steps = 0;
  private sourcesSent = false;

  constructor(public position: number) {}

  /**
   * Adds what one log entry owes the subscriber to `frames`. False, taking nothing, when the entry's
   * text starts past the place: the log is missing text here, which only the stored message can give.
   */
  take(frames: ReplyFrame[], event: ReplyEvent): boolean {
    switch (event.type) {
      case 'delta': {
        const at = event.at ?? this.logEnd;
        if (at > this.position) return false;
        this.logEnd = at + event.text.length;
        this.logged = Math.max(this.logged, this.logEnd);
        this.addText(frames, event.text, at);
        return true;
      }
      case 'thinking': {
        const n = event.n ?? this.steps;
        if (n >= this.steps) {
          frames.push({ type: 'thinking', step: event.step });
          this.steps = n + 1;
        }
        return true;
      }
      case 'sources':
        this.addSources(frames, event.sources);
        return true;
      case 'message':
        return true;
      default:
        frames.push(event);
        return true;
    }
  }

  /** Adds what the stored message has beyond the place: steps and sources not sent yet, and the text past it. */
  fill(frames: ReplyFrame[], row: MessageRow): void {
    const steps = JSON.parse(row.thinking) as string[];
    for (; this.steps < steps.length; this.steps++) frames.push({ type: 'thinking', step: steps[this.steps]! });
    if (row.sources !== null) this.addSources(frames, JSON.parse(row.sources) as Source[]);
    this.addText(frames, row.content, 0);
  }

  private addSources(frames: ReplyFrame[], sources: Source[]): void {
    if (this.sourcesSent) return;
    this.sourcesSent = true;
    frames.push({ type: 'sources', sources });
  }

  private addText(frames: ReplyFrame[], text: string, at: number): void {
    const end = at + text.length;
    if (end <= this.position) return;
    const added = text.slice(this.position - at);
    this.position = end;
    const last = frames.at(-1);
    if (last?.type === 'delta') {
      last.text += added;
      last.position = end;
    } else {
      frames.push({ type: 'delta', text: added, position: end });
    }
  }
}
