import type { ReplyEvent } from './reply-events.ts';

/**
 * A reply as the parts it is made of, in order, each with its place in the reply (`at`). Every reply has
 * one line of positions across all its parts: a piece of reasoning or text takes one position per
 * character (UTF-16 unit), so a reply of text alone has the positions of its text, as before parts
 * existed. Resume ids, log entries and the stored parts all speak these positions, so the live log, a
 * re-seeded one and the stored message add up to the same reply.
 */
export type StoredPart =
  /** `ms`: how long the model had been reasoning by its last piece. */
  | { type: 'reasoning'; text: string; at: number; ms: number }
  | { type: 'text'; text: string; at: number };

/** The pieces of a reply's log, each carrying where it starts. */
export type PlacedEvent = Extract<ReplyEvent, { type: 'delta' | 'reasoning' }> & { at: number };

/** A part as the API shows it: what it is, without the positions. */
export type ApiPart = { type: 'reasoning'; text: string } | { type: 'text'; text: string };

/**
 * The stored parts of a message. A reply that is one text part (most are) stores none: its content is
 * that part, and its flushes write nothing twice.
 */
export function partsOfRow(row: { parts: string | null; content: string }): StoredPart[] {
  if (row.parts !== null) return JSON.parse(row.parts) as StoredPart[];
  return row.content === '' ? [] : [{ type: 'text', text: row.content, at: 0 }];
}

export const endOfParts = (parts: StoredPart[]): number => {
  const last = parts.at(-1);
  return last === undefined ? 0 : last.at + last.text.length;
};

/** The log events that write these parts from the start, in order. */
export function eventsOfParts(parts: StoredPart[]): PlacedEvent[] {
  return parts.map((part) =>
    part.type === 'text' ? { type: 'delta', text: part.text, at: part.at } : { type: 'reasoning', text: part.text, at: part.at, ms: part.ms },
  );
}

export const apiParts = (parts: StoredPart[]): ApiPart[] => parts.map((part) => ({ type: part.type, text: part.text }));

/**
 * The reply a generation job writes, or one put together again from its log: its parts, its text
 * (`content`, the text parts joined) and its length in positions.
 */
export class ReplyTranscript {
  readonly parts: StoredPart[];
  content: string;
  length: number;

  constructor(parts: StoredPart[] = []) {
    this.parts = parts.map((part) => ({ ...part }));
    this.content = parts.filter((part) => part.type === 'text').map((part) => part.text).join('');
    this.length = endOfParts(parts);
  }

  /** What the database keeps beside the content: null for a reply that is one text part. */
  get storedParts(): StoredPart[] | null {
    const [only, ...more] = this.parts;
    return more.length === 0 && (only === undefined || (only.type === 'text' && only.at === 0)) ? null : this.parts;
  }

  /** Adds reasoning at the end; returns its log event. */
  reasoning(text: string, ms: number): PlacedEvent {
    const at = this.length;
    const last = this.parts.at(-1);
    if (last?.type === 'reasoning') {
      last.text += text;
      last.ms = ms;
    } else {
      this.parts.push({ type: 'reasoning', text, at, ms });
    }
    this.length += text.length;
    return { type: 'reasoning', text, at, ms };
  }

  /** Adds text at the end; returns its log event. */
  text(text: string): PlacedEvent {
    const at = this.length;
    const last = this.parts.at(-1);
    if (last?.type === 'text') last.text += text;
    else this.parts.push({ type: 'text', text, at });
    this.content += text;
    this.length += text.length;
    return { type: 'delta', text, at };
  }

  /**
   * Places a piece read back from a log: what it adds past the end is added; what the transcript already
   * has is skipped (a re-seeded log repeats it). False when the piece starts past the end: text is missing.
   */
  place(event: ReplyEvent): boolean {
    if (event.type !== 'delta' && event.type !== 'reasoning') return true;
    const at = event.at ?? this.length;
    if (at > this.length) return false;
    const added = event.text.slice(this.length - at);
    if (added === '') return true;
    if (event.type === 'delta') this.text(added);
    else this.reasoning(added, event.ms ?? 0);
    return true;
  }
}

/** The log events that write these parts from position `from` on: what a log that reached `from` lacks. */
export function eventsAfter(parts: StoredPart[], from: number): PlacedEvent[] {
  const events: PlacedEvent[] = [];
  for (const event of eventsOfParts(parts)) {
    const end = event.at + event.text.length;
    if (end <= from) continue;
    const start = Math.max(from, event.at);
    events.push({ ...event, text: event.text.slice(start - event.at), at: start });
  }
  return events;
}
