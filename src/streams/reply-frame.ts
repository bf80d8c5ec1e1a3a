import type { MessageRow } from '../messages/message.ts';
import type { ReplyEvent, Source, TerminalEvent } from './reply-events.ts';
import { terminalEventOfRow } from './terminal-event.ts';

/** What a subscriber is sent; a delta carries the text position it reaches, which becomes its resume id. */
export type ReplyFrame =
  | { type: 'thinking'; step: string }
  | { type: 'sources'; sources: Source[] }
  | { type: 'delta'; text: string; position: number }
  | TerminalEvent;

/** The client's resume id points past the text this reply has: not an id of this reply. */
export class ResumeBeyondReply extends Error {}

/**
 * Adds one log event to a batch of frames for a subscriber that has seen the text up to `from`, and
 * returns the text position after it. Deltas in one batch go out as one: a subscriber catching up gets
 * one frame, not hundreds.
 */
export function appendFrame(frames: ReplyFrame[], event: ReplyEvent, position: number, from: number): number {
  if (event.type === 'message' || event.type === 'chat') return position;
  if (event.type !== 'delta') {
    frames.push(event);
    return position;
  }
  const start = position;
  const end = start + event.text.length;
  if (end <= from) return end;
  const text = start < from ? event.text.slice(from - start) : event.text;
  const last = frames.at(-1);
  if (last?.type === 'delta') {
    last.text += text;
    last.position = end;
  } else {
    frames.push({ type: 'delta', text, position: end });
  }
  return end;
}

/** A finished reply whose log has expired is answered from the database, with the same positions. */
export function storedFrames(row: MessageRow, from: number): ReplyFrame[] {
  if (from > row.content.length) throw new ResumeBeyondReply();
  const frames: ReplyFrame[] = (JSON.parse(row.thinking) as string[]).map((step) => ({ type: 'thinking', step }));
  if (row.sources !== null) frames.push({ type: 'sources', sources: JSON.parse(row.sources) as Source[] });
  if (from < row.content.length) frames.push({ type: 'delta', text: row.content.slice(from), position: row.content.length });
  frames.push(terminalEventOfRow(row));
  return frames;
}
