import { isFinished, type StoredReply } from './stored-reply.ts';
import type { Appended, EventLog, LogEntry } from './event-log.ts';
import { atEndOfTurn, turnRunsLong } from './event-loop-turn.ts';
import { isTerminal } from './reply-events.ts';
import { terminalEventOfRow } from './terminal-event.ts';
import { isStorageOutage } from '../storage-outage.ts';
import type { ReplyFrame } from './reply-frame.ts';
import { ResumeBeyondReply, storedFrames, storedLength } from './stored-frames.ts';
import { ReplyPlace } from './reply-place.ts';

export interface FollowDeps {
  eventLog: EventLog;
  findMessage(messageId: string): Promise<StoredReply | undefined>;
}

export interface FollowOptions {
  /** Position the client has already seen (0 for a new subscriber), on the line reasoning and text share. */
  from: number;
  keepAliveMs: number;
  signal: AbortSignal;
}

/** What a follower hands its subscriber: frames, or 'idle' when nothing was sent for `keepAliveMs`. */
export type Delivery = ReplyFrame[] | 'idle';

/**
 * Where a follower's deliveries go. Says true once a delivery is taken, false to stop following, or
 * gives a promise of either when the subscriber is not ready for more yet (its socket is full): the
 * follower then gathers what is appended meanwhile into the next delivery.
 */
export type ReplySink = (delivery: Delivery) => boolean | Promise<boolean>;

const readBatch = 512;

/**
 * Opens a subscriber's cursor over one reply: resolves once `from` is known to be a position of this
 * reply (or rejects with ResumeBeyondReply), holding what the subscriber is owed so far; `run` then
 * hands that and everything appended afterwards to a sink.
 */
export async function openFollower(deps: FollowDeps, message: StoredReply, options: FollowOptions): Promise<ReplyFollower> {
  const follower = new ReplyFollower(deps, message, options);
  await follower.open();
  return follower;
}

/**
 * One subscriber's cursor over one reply. The log is a cache of the stored reply, never its only truth:
 * the follower reads the live log, and turns to the stored message whenever the log cannot be right on
 * its own: the reply has ended (the log may have expired), the log is behind the stored text or has none
 * (it was lost with a Redis restart), or it is missing text at the subscriber's place. Frames are made by
 * position (`ReplyPlace`), so every source adds up to exactly the stored reply. Transport-independent:
 * the JSON event stream and the browser stream both encode its frames.
 *
 * It is on the path of every token to every subscriber, so a subscriber at the tail is pushed to:
 * when the log hands its watchers the entry just appended (the memory log does, in the writer's call;
 * the Redis log does from the message its writer published) and it follows this cursor, the frame is
 * made and handed to the sink right there, with no read, promise or task per subscriber. Otherwise
 * (behind, busy writing, a message missed, or a mere hint) it reads from its cursor until caught up. It holds one watch, one keep-alive timer and one abort
 * listener for its whole life.
 *
 * The keep-alive ticks every half interval, and a delivery only sets a flag: re-arming a timer per token
 * costs more than the rest of a delivery save the write. A tick that finds the flag unset sends 'idle',
 * so an idle subscriber hears something between half an interval and a whole one after the last frame.
 * Storage that cannot be reached for a while only pauses it: it idles, and reads again on the next tick.
 */
export class ReplyFollower {
  private cursor: string | null = null;
  private readonly place: ReplyPlace;
  private sawEntries = false;
  /** The log is missing text at the place: the stored message must give it before the log is read on. */
  private gap = false;
  /** Reading failed since the stored message was last looked at: the log may have lost the reply's end. */
  private unsure = false;
  private first: { frames: ReplyFrame[]; ends: boolean } | undefined;
  private sink: ReplySink | undefined;
  /** Not ready to take an appended entry: before `run`, during a read, or while the sink is not ready. */
  private busy = true;
  /** Something was appended while it was busy: it reads from its cursor once free. */
  private behind = false;
  private closed = false;
  private unwatch: (() => void) | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  /** Something was delivered since the keep-alive's last tick. */
  private delivered = false;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };
  private readonly finished: Promise<void>;

  constructor(
    private readonly deps: FollowDeps,
    private readonly message: StoredReply,
    private readonly options: FollowOptions,
  ) {
    this.place = new ReplyPlace(options.from);
    this.finished = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // Failures reach the caller through `run`; a follower closed before it ran must not leave a rejection unhandled.
    this.finished.catch(() => {});
  }

  /** @internal Use `openFollower`. */
  async open(): Promise<void> {
    const { signal, from } = this.options;
    if (signal.aborted) return this.close();
    // An ended reply is all in the database: its log, if still there, can only repeat it.
    if (isFinished(this.message.status)) {
      this.first = { frames: storedFrames(this.message, from), ends: true };
      return;
    }
    signal.addEventListener('abort', this.onAbort, { once: true });
    try {
      // Watch before the first read: an append between the two is then either read or heard.
      const unwatch = await this.deps.eventLog.watch(this.message.id, this.onAppend);
      // It may have closed while the watch was being set up (a Redis subscription takes a round trip).
      if (this.closed) return unwatch();
      this.unwatch = unwatch;
      const frames: ReplyFrame[] = [];
      let ends = await this.readOn(frames);
      // The row was read before the log: a log that holds the reply is at least as far as it.
      let stored: StoredReply | undefined = this.message;
      if (!this.sawEntries) {
        stored = await this.deps.findMessage(this.message.id);
        if (!stored) return this.close();
        if (isFinished(stored.status)) {
          this.first = { frames: storedFrames(stored, from), ends: true };
          return;
        }
      }
      const length = storedLength(stored);
      if (!ends && (this.gap || this.place.position < length)) ends = await this.fillFrom(stored, frames);
      if (this.sawEntries && from > Math.max(this.place.logged, length)) throw new ResumeBeyondReply();
      this.first = { frames, ends };
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /**
   * Hands over what the subscriber is owed at opening, before `run`, to a reader that answers it at once
   * (a catch-up read, a long poll with something to say); `run` then hands only what is appended later.
   */
  takeOwed(): { frames: ReplyFrame[]; ends: boolean } {
    const owed = this.first ?? { frames: [], ends: false };
    this.first = { frames: [], ends: false };
    if (owed.ends) this.close();
    return owed;
  }

  /**
   * Hands the sink what the subscriber is owed, then everything appended, until the reply ends, the
   * sink says false, the signal aborts or `close` is called; rejects if reading fails for another reason
   * than unreachable storage.
   */
  run(sink: ReplySink): Promise<void> {
    if (this.sink) throw new Error('A reply follower runs once');
    this.sink = sink;
    if (this.closed) return this.finished;
    this.keepAlive = setTimeout(this.onKeepAlive, this.options.keepAliveMs / 2);
    const first = this.first!;
    this.first = undefined;
    if (first.frames.length > 0 || first.ends) this.deliver(first.frames, first.ends);
    else this.free();
    return this.finished;
  }

  /** Stops following: lets go of the watch, the timer and the abort listener. Safe to call at any time. */
  readonly close = (error?: unknown): void => {
    if (this.closed) return;
    this.closed = true;
    this.busy = true;
    this.unwatch?.();
    clearTimeout(this.keepAlive);
    this.options.signal.removeEventListener('abort', this.onAbort);
    if (error === undefined) this.settle.resolve();
    else this.settle.reject(error);
  };

  private readonly onAbort = () => this.close();

  private readonly onAppend = (appended?: Appended): void => {
    if (this.busy) {
      this.behind = true;
      return;
    }
    // Falling behind: what is owed is gathered until the turn ends and then goes out as one write.
    if (turnRunsLong()) {
      this.busy = this.behind = true;
      return atEndOfTurn(() => this.free());
    }
    if (appended && appended.after === this.cursor && !this.gap) this.take(appended.entry);
    // Already read (its message came after the read that took it): nothing is owed.
    else if (appended && appended.entry.offset === this.cursor) return;
    else void this.catchUp(false);
  };

  private readonly onKeepAlive = (): void => {
    if (this.closed) return;
    this.keepAlive!.refresh();
    // A subscriber that is being written to is not idle; one whose socket stays full is cut off by its writer.
    if (this.delivered || this.busy) this.delivered = false;
    // Read before idling: a hint lost on the way (Redis reconnecting) costs at most one keep-alive interval.
    else void this.catchUp(true);
  };

  /** The tail path: one entry, just appended, that follows the cursor. */
  private take(entry: LogEntry): void {
    const frames: ReplyFrame[] = [];
    this.sawEntries = true;
    if (!this.place.take(frames, entry.event)) {
      this.gap = true;
      return void this.catchUp(false);
    }
    this.cursor = entry.offset;
    const ends = isTerminal(entry.event);
    if (frames.length > 0 || ends) this.deliver(frames, ends);
  }

  private async catchUp(idleDue: boolean): Promise<void> {
    this.busy = true;
    try {
      const frames: ReplyFrame[] = [];
      let ends = await this.readOn(frames);
      // A log with nothing, or one that could not be read for a while, may never tell of the end: the store may.
      const storeDue = this.gap || (idleDue && frames.length === 0 && (!this.sawEntries || this.unsure));
      if (!ends && storeDue) {
        const stored = await this.deps.findMessage(this.message.id);
        if (this.closed) return;
        if (!stored) return this.close();
        this.unsure = false;
        ends = await this.fillFrom(stored, frames);
      }
      if (this.closed) return;
      if (frames.length > 0 || ends) return this.deliver(frames, ends);
      if (idleDue) return this.deliver('idle', false);
      this.free();
    } catch (error) {
      if (this.closed) return;
      if (!isStorageOutage(error)) return this.close(error);
      // Paused, not ended: the next tick reads again (and a Redis reconnection wakes the watch at once).
      this.unsure = true;
      if (idleDue) this.deliver('idle', false);
      else this.free();
    }
  }

  /**
   * Takes the stored message's text and state past the place, and its end when it has ended; then, the
   * gap filled, reads the log on. Resolves whether the reply ends here.
   */
  private async fillFrom(stored: StoredReply, frames: ReplyFrame[]): Promise<boolean> {
    this.place.fill(frames, stored);
    if (isFinished(stored.status)) {
      frames.push(terminalEventOfRow(stored));
      return true;
    }
    if (!this.gap) return false;
    this.gap = false;
    return this.readOn(frames);
  }

  /** Everything after the cursor, as one batch, up to the reply's end or a gap; resolves whether it ended. */
  private async readOn(frames: ReplyFrame[]): Promise<boolean> {
    for (;;) {
      const entries = await this.deps.eventLog.read(this.message.id, this.cursor, readBatch);
      for (const entry of entries) {
        this.sawEntries = true;
        if (!this.place.take(frames, entry.event)) {
          this.gap = true;
          return false;
        }
        this.cursor = entry.offset;
        if (isTerminal(entry.event)) return true;
      }
      if (entries.length < readBatch) return false;
    }
  }

  private deliver(delivery: Delivery, ends: boolean): void {
    let taken: boolean | Promise<boolean>;
    try {
      taken = this.sink!(delivery);
    } catch (error) {
      return this.close(error);
    }
    if (ends || taken === false || this.closed) return this.close();
    this.delivered = true;
    if (taken === true) return this.free();
    this.busy = true;
    taken.then((more) => (more ? this.free() : this.close()), this.close);
  }

  private free(): void {
    if (this.closed) return;
    this.busy = false;
    if (!this.behind) return;
    this.behind = false;
    void this.catchUp(false);
  }
}
