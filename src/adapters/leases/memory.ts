import type { ReplyLeases } from '../../jobs/reply-leases.ts';

/** Embedded: jobs run in this process, so a lease is alive exactly while the process holds it. */
export class MemoryReplyLeases implements ReplyLeases {
  /** Each hold is a token of its own: a release drops its own hold only, once, and none from before `close`. */
  private readonly holders = new Map<string, Set<symbol>>();

  async hold(messageId: string): Promise<() => Promise<void>> {
    const hold = Symbol(messageId);
    let holds = this.holders.get(messageId);
    if (!holds) this.holders.set(messageId, (holds = new Set()));
    holds.add(hold);
    return async () => {
      const current = this.holders.get(messageId);
      if (!current?.delete(hold) || current.size > 0) return;
      this.holders.delete(messageId);
    };
  }

  async held(messageIds: string[]): Promise<Set<string>> {
    return new Set(messageIds.filter((id) => this.holders.has(id)));
  }

  async close(): Promise<void> {
    this.holders.clear();
  }
}
