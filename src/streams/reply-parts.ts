import type { ReplyEvent } from './reply-events.ts';

/**
 * A reply as the parts it is made of, in order, each with its place in the reply (`at`). Every reply has
 * one line of positions across all its parts: a piece of reasoning or text takes one position per
 * character (UTF-16 unit), a tool call one and its result one. So a reply of text alone has the positions
 * of its text, as before parts existed. Resume ids, log entries and the stored parts all speak these
 * positions, so the live log, a re-seeded one and the stored message add up to the same reply.
 */
export type StoredPart =
  /**
   * `ms`: how long the model had been reasoning by its last piece. `signature`: its provider's seal on it
   * (Anthropic's), kept so that a later step, in whatever process, can hand it back to the model; never shown.
   */
  | { type: 'reasoning'; text: string; at: number; ms: number; signature?: string }
  | { type: 'text'; text: string; at: number }
  /** `approval`: the call waits for the user's decision before it runs. */
  | { type: 'tool-call'; at: number; toolCallId: string; name: string; input: unknown; approval?: boolean }
  | { type: 'tool-result'; at: number; toolCallId: string; name: string; output?: unknown; error?: string };

export type ToolCallPart = Extract<StoredPart, { type: 'tool-call' }>;
export type ToolResultPart = Extract<StoredPart, { type: 'tool-result' }>;

/** The pieces of a reply's log, each carrying where it starts. */
export type PlacedEvent = Extract<ReplyEvent, { type: 'delta' | 'reasoning' | 'tool-call' | 'tool-result' }> & { at: number };

export type ToolCallState = 'awaiting_approval' | 'running' | 'done' | 'failed' | 'denied';

/** A part as the API shows it: what it is, without the positions; a call carries its result. */
export type ApiPart =
  | { type: 'reasoning'; text: string }
  | { type: 'text'; text: string }
  | { type: 'tool-call'; toolCallId: string; name: string; input: unknown; state: ToolCallState; output?: unknown; error?: string };

/** How many positions a part (or a piece of one) takes. */
export const lengthOf = (part: StoredPart | PlacedEvent): number => (part.type === 'tool-call' || part.type === 'tool-result' ? 1 : part.text.length);

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
  return last === undefined ? 0 : last.at + lengthOf(last);
};

/** The log event that writes this part (or a piece of one) from its start. */
export function eventOfPart(part: StoredPart): PlacedEvent {
  switch (part.type) {
    case 'text':
      return { type: 'delta', text: part.text, at: part.at };
    case 'reasoning':
      return { type: 'reasoning', text: part.text, at: part.at, ms: part.ms };
    default:
      return { ...part };
  }
}

/** The log events that write these parts from the start, in order. */
export const eventsOfParts = (parts: StoredPart[]): PlacedEvent[] => parts.map(eventOfPart);

/** The calls of a reply that have no result yet. */
export function unansweredCalls(parts: StoredPart[]): ToolCallPart[] {
  const answered = new Set(parts.filter((p) => p.type === 'tool-result').map((p) => p.toolCallId));
  return parts.filter((p): p is ToolCallPart => p.type === 'tool-call' && !answered.has(p.toolCallId));
}

/**
 * The parts as the API shows them: each result folded into its call, with the call's state. A call with
 * no result is waiting for a decision, running, or (once the reply ended) failed with it.
 */
export function apiParts(parts: StoredPart[], status: string): ApiPart[] {
  const results = new Map(parts.filter((p): p is ToolResultPart => p.type === 'tool-result').map((p) => [p.toolCallId, p]));
  const shown: ApiPart[] = [];
  for (const part of parts) {
    if (part.type === 'tool-result') continue;
    if (part.type !== 'tool-call') {
      shown.push({ type: part.type, text: part.text });
      continue;
    }
    const { toolCallId, name, input } = part;
    const result = results.get(toolCallId);
    if (result) {
      const state: ToolCallState = result.error === undefined ? 'done' : result.error === 'denied' ? 'denied' : 'failed';
      shown.push({ type: 'tool-call', toolCallId, name, input, state, ...(result.error === undefined ? { output: result.output } : { error: result.error }) });
    } else if (status === 'awaiting_approval' && part.approval) {
      shown.push({ type: 'tool-call', toolCallId, name, input, state: 'awaiting_approval' });
    } else if (status === 'streaming' || status === 'awaiting_approval') {
      shown.push({ type: 'tool-call', toolCallId, name, input, state: 'running' });
    } else {
      shown.push({ type: 'tool-call', toolCallId, name, input, state: 'failed', error: 'The reply ended before the tool answered.' });
    }
  }
  return shown;
}

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
    this.content = parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
    this.length = endOfParts(parts);
  }

  /** What the database keeps beside the content: null for a reply that is one text part. */
  get storedParts(): StoredPart[] | null {
    const [only, ...more] = this.parts;
    return more.length === 0 && (only === undefined || (only.type === 'text' && only.at === 0)) ? null : this.parts;
  }

  /** Adds reasoning at the end; returns its log event. Signed reasoning is whole: what follows is a part of its own. */
  reasoning(text: string, ms: number): PlacedEvent {
    const at = this.length;
    const last = this.parts.at(-1);
    if (last?.type === 'reasoning' && last.signature === undefined) {
      last.text += text;
      last.ms = ms;
    } else {
      this.parts.push({ type: 'reasoning', text, at, ms });
    }
    this.length += text.length;
    return { type: 'reasoning', text, at, ms };
  }

  /** Seals the reasoning just written with its provider's signature (nothing to seal: nothing to do). */
  sign(signature: string): void {
    const last = this.parts.at(-1);
    if (last?.type === 'reasoning') last.signature = signature;
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

  /** Adds a whole tool call or result at the end; returns its log event. */
  tool(part: Omit<ToolCallPart, 'at'> | Omit<ToolResultPart, 'at'>): PlacedEvent {
    const placed = { ...part, at: this.length } as StoredPart;
    this.parts.push(placed);
    this.length += 1;
    return eventOfPart(placed);
  }

  /**
   * Places a piece read back from a log: what it adds past the end is added; what the transcript already
   * has is skipped (a re-seeded log repeats it). False when the piece starts past the end: some is missing.
   */
  place(event: ReplyEvent): boolean {
    if (event.type === 'tool-call' || event.type === 'tool-result') {
      if (event.at > this.length) return false;
      if (event.at === this.length) {
        const { type: _type, at: _at, ...fields } = event;
        this.tool({ type: event.type, ...fields } as Omit<ToolCallPart, 'at'>);
      }
      return true;
    }
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
    const end = event.at + lengthOf(event);
    if (end <= from) continue;
    if (event.type === 'tool-call' || event.type === 'tool-result') {
      events.push(event);
      continue;
    }
    const start = Math.max(from, event.at);
    events.push({ ...event, text: event.text.slice(start - event.at), at: start });
  }
  return events;
}
