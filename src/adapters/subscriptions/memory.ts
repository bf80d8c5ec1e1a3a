import type { SubscriptionSlots } from '../../streams/subscription-slots.ts';

/** Embedded: every stream is in this process, so a count per user is the whole truth. */
export class MemorySubscriptionSlots implements SubscriptionSlots {
  private readonly open = new Map<string, number>();

  async take(userId: string, limit: number): Promise<(() => void) | undefined> {
    const count = this.open.get(userId) ?? 0;
    if (count >= limit) return undefined;
    this.open.set(userId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(userId) ?? 1) - 1;
      if (left > 0) this.open.set(userId, left);
      else this.open.delete(userId);
    };
  }

  async close(): Promise<void> {
    this.open.clear();
  }
}
