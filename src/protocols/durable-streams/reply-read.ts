import type { Hotline } from '../../hotline.ts';
import { isFinished, type MessageRow } from '../../messages/message.ts';
import { HttpError } from '../../http/http-error.ts';
import { ResumeBeyondReply, storedLength } from '../../streams/stored-frames.ts';
import { openFollower, type ReplyFollower } from '../../streams/reply-follower.ts';
import { parseOffset, streamStart, type ReplyOffset } from './offsets.ts';
import { StreamPlace, type StreamMessage } from './reply-messages.ts';

export const badOffset = () => new HttpError(400, 'invalid_offset', 'offset is not an offset of this message (give -1, now, or a Stream-Next-Offset it sent)');

/** The offset a request names; `now` is the tail, found by reading from the start. */
export type Start = { at: 'now' } | { at: ReplyOffset };

export function parseStart(message: MessageRow, text: string | undefined): Start {
  if (text === undefined || text === '-1') return { at: streamStart() };
  if (text === 'now') return { at: 'now' };
  const offset = parseOffset(message.id, text);
  if (!offset || !possible(message, offset)) throw badOffset();
  return { at: offset };
}

/** An offset no reader of this reply can have been given. Past the text is found by the follower. */
function possible(message: MessageRow, offset: ReplyOffset): boolean {
  if (!isFinished(message.status)) return !offset.ended;
  const steps = (JSON.parse(message.thinking) as string[]).length;
  return offset.steps <= steps && (!offset.sources || message.sources !== null) && offset.position <= storedLength(message);
}

/** A reader's open read: the follower from its offset, what it is owed now, and its place after that. */
export interface OpenRead {
  follower: ReplyFollower;
  place: StreamPlace;
  /** What the reader is owed at once: everything the reply has past its offset (none for `now`). */
  owed: StreamMessage[];
  /** The reader reached the reply's end: the stream is closed and nothing more will come. */
  closed: boolean;
}

/**
 * Opens a reply follower at the reader's offset and takes what is owed at once. The follower is the one
 * the JSON event stream uses: it reads the live log, and the stored message whenever the log cannot
 * answer alone (it expired, or it was lost), so offsets never go stale.
 */
export async function openRead(hotline: Hotline, message: MessageRow, start: Start, signal: AbortSignal): Promise<OpenRead> {
  const offset = start.at === 'now' ? streamStart() : { ...start.at };
  let follower: ReplyFollower;
  try {
    follower = await openFollower({ eventLog: hotline.eventLog, findMessage: (id) => hotline.messages.findById(id) }, message, {
      from: offset.position,
      keepAliveMs: hotline.config.streams.keepAliveMs,
      signal,
    });
  } catch (error) {
    if (error instanceof ResumeBeyondReply) throw badOffset();
    throw error;
  }
  const place = new StreamPlace(offset);
  const { frames, ends } = follower.takeOwed();
  const owed = place.take(frames);
  return { follower, place, owed: start.at === 'now' ? [] : owed, closed: ends };
}
