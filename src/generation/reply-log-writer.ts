import type { EventLog } from '../streams/event-log.ts';
import type { ReplyEvent } from '../streams/reply-events.ts';
import type { OutageBudget } from './outage-budget.ts';

/**
 * The generation job's side of its reply's log. Writing never waits: the job keeps reading the provider
 * while events go to the log in order, in one batch per round trip, so a log that cannot be reached for a
 * moment (Redis restarting) holds nothing up; what piles up meanwhile goes out together once it is back.
 * Failed appends are tried again within the job's outage budget; past it, `onFailure` is told once and
 * nothing more is written. A log found gone (Redis lost it) is written again from the start with `seed`
 * (the reply so far, which includes everything written or waiting) before anything else.
 */
export class ReplyLogWriter {
  private pending: ReplyEvent[] = [];
  private writing: Promise<void> | undefined;
  private failure: unknown;
  /** The log has been created by this writer: from then on, it only appends to a log that exists. */
  private started = false;
  /** Where the reply that reached the log ends, in positions (reply-parts.ts). */
  private logged = 0;

  constructor(
    private readonly eventLog: EventLog,
    private readonly replyId: string,
    private readonly budget: OutageBudget,
    private readonly seed: () => { events: ReplyEvent[]; length: number },
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Queues an event; it is appended after every event written before it. */
  write(event: ReplyEvent): void {
    if (this.failure !== undefined) return;
    this.pending.push(event);
    // Started in this call: a memory log hands the entry to the subscribers at its tail right here.
    this.writing ??= this.drain();
  }

  /** How much of the reply is known to be in the log, in positions. */
  get loggedLength(): number {
    return this.logged;
  }

  /** Resolves once everything written is in the log; rejects with the failure if the budget ran out. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failure !== undefined) throw this.failure;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.budget.run(() => this.append(batch));
      }
    } catch (error) {
      this.failure = error;
      this.pending = [];
      this.onFailure(error);
    } finally {
      this.writing = undefined;
    }
  }

  private async append(batch: ReplyEvent[]): Promise<void> {
    if (await this.eventLog.appendAll(this.replyId, batch, { create: !this.started })) {
      this.started = true;
      for (const event of batch) {
        if (event.type === 'delta' || event.type === 'reasoning') this.logged = (event.at ?? this.logged) + event.text.length;
        else if (event.type === 'tool-call' || event.type === 'tool-result') this.logged = event.at + 1;
      }
      return;
    }
    const seed = this.seed();
    await this.eventLog.appendAll(this.replyId, seed.events, { create: true });
    this.logged = seed.length;
  }
}
