import type { ReplyFrame } from '../../streams/reply-frame.ts';
import { jsonEventData } from '../json-events.ts';
import type { ReplyOffset } from './offsets.ts';

/** One message of the stream: an event of the JSON event stream, its name as `type` beside its data. */
export type StreamMessage = Record<string, unknown> & { type: string };

/** A message that says how the reply stands rather than adding to it: a call waiting for the user's decision. */
export const isState = (message: StreamMessage): boolean => message.type === 'approval';

/**
 * A reader's place in the stream, fed the frames of a reply follower that starts at the offset's
 * position. The follower sends thinking steps and sources on every connection (they are state in the
 * JSON stream); here they are messages at their own offsets, so what the reader already has is skipped,
 * and notices that only the live log holds are left out: a durable stream says the same thing every time.
 * A wait for an approval is the one exception: it holds only while it lasts, so, as in the JSON stream, it
 * is said on every read while it lasts (`approval`, one per waiting call) and moves no offset.
 */
export class StreamPlace {
  private stepsSeen = 0;

  constructor(readonly offset: ReplyOffset) {}

  /** The messages these frames add for this reader, moving the offset past them. */
  take(frames: ReplyFrame[]): StreamMessage[] {
    const messages: StreamMessage[] = [];
    for (const frame of frames) {
      const message = this.messageOf(frame);
      if (message) messages.push(message);
    }
    return messages;
  }

  private messageOf(frame: ReplyFrame): StreamMessage | undefined {
    const offset = this.offset;
    switch (frame.type) {
      case 'thinking':
        if (frame.n === undefined || ++this.stepsSeen <= offset.steps) return undefined;
        offset.steps = this.stepsSeen;
        break;
      case 'sources':
        if (offset.sources) return undefined;
        offset.sources = true;
        break;
      case 'delta':
      case 'reasoning':
      case 'tool-call':
      case 'tool-result':
        offset.position = frame.position;
        break;
      case 'approval':
        break;
      case 'done':
      case 'error':
        if (offset.ended) return undefined;
        offset.ended = true;
        break;
    }
    return { type: frame.type, ...jsonEventData(frame) };
  }
}
