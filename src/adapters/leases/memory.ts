import type { ReplyLeases } from '../../jobs/reply-leases.ts';

/** Embedded: jobs run in this process, so a lease is alive exactly while the process holds it. */
export class MemoryReplyLeases implements ReplyLeases {
  private readonly holders = new Map<string, number>();

  async hold(messageId: string): Promise<() => Promise<void>> {
    this.holders.set(messageId, (this.holders.get(messageId) ?? 0) + 1);
    return async () => {
      const count = (this.holders.get(messageId) ?? 1) - 1;
      if (count > 0) this.holders.set(messageId, count);
      else this.holders.delete(messageId);
    };
  }

  async held(messageIds: string[]): Promise<Set<string>> {
    return new Set(messageIds.filter((id) => this.holders.has(id)));
  }

  async close(): Promise<void> {
    this.holders.clear();
  }
}
