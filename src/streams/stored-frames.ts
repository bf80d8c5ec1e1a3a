import type { StoredReply } from './stored-reply.ts';
import { endOfParts, partsOfRow } from './reply-parts.ts';
import type { ReplyFrame } from './reply-frame.ts';
import { ReplyPlace } from './reply-place.ts';
import { terminalEventOfRow } from './terminal-event.ts';

/** The client's resume id points past the text this reply has: not an id of this reply. */
export class ResumeBeyondReply extends Error {}

/** A finished reply is answered from the database, with the same positions as its log. */
export function storedFrames(row: StoredReply, from: number): ReplyFrame[] {
  if (from > storedLength(row)) throw new ResumeBeyondReply();
  const frames: ReplyFrame[] = [];
  new ReplyPlace(from).fill(frames, row);
  frames.push(terminalEventOfRow(row));
  return frames;
}

/** Where the stored reply ends, in positions. */
export const storedLength = (row: StoredReply): number => endOfParts(partsOfRow(row));
