import type { MessageRow } from '../messages/message.ts';
import { isFinished } from '../messages/message.ts';
import type { EventLog } from './event-log.ts';
import { isTerminal, type ReplyEvent, type Source, type TerminalEvent } from './reply-events.ts';
import { terminalEventOfRow } from './terminal-event.ts';

/** What a subscriber is sent; a delta carries the text position it reaches, which becomes its resume id. */
export type ReplyFrame =
  | { type: 'thinking'; step: string }
  | { type: 'sources'; sources: Source[] }
  | { type: 'delta'; text: string; position: number }
  | TerminalEvent;

/** The client's resume id points past the text this reply has: not an id of this reply. */
export class ResumeBeyondReply extends Error {}

export interface FollowDeps {
  eventLog: EventLog;
  findMessage(messageId: string): Promise<MessageRow | undefined>;
}

export interface FollowOptions {
  /** Text position the client has already seen (0 for a new subscriber). */
  from: number;
  keepAliveMs: number;
  signal: AbortSignal;
}

const readBatch = 512;

/**
 * A subscriber's cursor over one reply: yields batches of frames (the first one, possibly empty, once the
 * resume position is known to be valid), or 'idle' when nothing was sent for `keepAliveMs`. It reads the
 * live log while there is one, and the stored message once the log has expired. Transport-independent:
 * the JSON event stream and the browser stream both encode these frames.
 *
 * It is on the path of every token to every subscriber, so it waits cheaply: one watch on the log, one
 * abort listener and one keep-alive timer (re-armed, never re-created) for the subscriber's whole life;
 * per entry, one promise.
 */
export async function* followReply(
  deps: FollowDeps,
  message: MessageRow,
  options: FollowOptions,
): AsyncGenerator<ReplyFrame[] | 'idle', void, void> {
  const { from, signal } = options;
  if (signal.aborted) return;
  const wake = new Wake();
  let idleDue = false;
  // Watch before the first read: an append between the two is then either read or heard.
  const unwatch = await deps.eventLog.watch(message.id, wake.notify);
  const keepAlive = setTimeout(() => {
    idleDue = true;
    wake.notify();
  }, options.keepAliveMs);
  // Read once per token: a flag, because `signal.aborted` is a checked accessor on this path.
  let aborted = false;
  const onAbort = () => {
    aborted = true;
    wake.notify();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  // It may have aborted while the watch was being set up (a Redis subscription takes a round trip).
  if (signal.aborted) aborted = true;

  let cursor: string | null = null;
  let position = 0;
  let sawEntries = false;
  let validated = false;
  try {
    while (!aborted) {
      const frames: ReplyFrame[] = [];
      let ended = false;
      // Drain everything available before yielding: the first batch must know whether `from` is valid.
      for (;;) {
        const entries = await deps.eventLog.read(message.id, cursor, readBatch);
        for (const entry of entries) {
          cursor = entry.offset;
          sawEntries = true;
          position = appendFrame(frames, entry.event, position, from);
          if (isTerminal(entry.event)) {
            ended = true;
            break;
          }
        }
        if (ended || entries.length < readBatch) break;
      }

      if (!sawEntries) {
        const stored = await deps.findMessage(message.id);
        if (!stored) return;
        if (isFinished(stored.status)) {
          yield storedFrames(stored, from);
          return;
        }
      }
      if (!validated) {
        if (sawEntries && from > position) throw new ResumeBeyondReply();
        validated = true;
        yield frames;
        keepAlive.refresh();
        if (ended) return;
      } else if (frames.length > 0) {
        yield frames;
        keepAlive.refresh();
        if (ended) return;
      } else if (idleDue) {
        // Nothing for a whole interval. The read above came first, so a hint lost on the way (Redis
        // reconnecting) costs at most one keep-alive interval, never the rest of the reply.
        idleDue = false;
        yield 'idle';
        keepAlive.refresh();
      }
      await wake.next();
    }
  } finally {
    unwatch();
    clearTimeout(keepAlive);
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * A reusable wake-up: `notify` resolves the pending `next()`, or, with nobody waiting, makes the next
 * `next()` resolve at once, so a notification between a read and the wait that follows is never lost.
 */
class Wake {
  private waiting: (() => void) | undefined;
  private notified = false;

  readonly notify = (): void => {
    const resolve = this.waiting;
    if (resolve) {
      this.waiting = undefined;
      resolve();
    } else {
      this.notified = true;
    }
  };

  next(): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

function appendFrame(frames: ReplyFrame[], event: ReplyEvent, position: number, from: number): number {
  if (event.type === 'message') return position;
  if (event.type !== 'delta') {
    frames.push(event);
    return position;
  }
  const start = position;
  const end = start + event.text.length;
  if (end <= from) return end;
  const text = start < from ? event.text.slice(from - start) : event.text;
  const last = frames.at(-1);
  // Deltas read together go out as one: a subscriber catching up gets one frame, not hundreds.
  if (last?.type === 'delta') {
    last.text += text;
    last.position = end;
  } else {
    frames.push({ type: 'delta', text, position: end });
  }
  return end;
}

/** A finished reply whose log has expired is answered from the database, with the same positions. */
function storedFrames(row: MessageRow, from: number): ReplyFrame[] {
  if (from > row.content.length) throw new ResumeBeyondReply();
  const frames: ReplyFrame[] = (JSON.parse(row.thinking) as string[]).map((step) => ({ type: 'thinking', step }));
  if (row.sources !== null) frames.push({ type: 'sources', sources: JSON.parse(row.sources) as Source[] });
  if (from < row.content.length) frames.push({ type: 'delta', text: row.content.slice(from), position: row.content.length });
  frames.push(terminalEventOfRow(row));
  return frames;
}
