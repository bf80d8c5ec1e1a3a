import type { StopSignals } from '../../jobs/stop-signals.ts';

export class MemoryStopSignals implements StopSignals {
  private readonly listeners = new Map<string, Set<() => void>>();

  async request(messageId: string): Promise<void> {
    for (const onStop of this.listeners.get(messageId) ?? []) onStop();
  }

  listen(messageId: string, onStop: () => void): () => void {
    let set = this.listeners.get(messageId);
    if (!set) this.listeners.set(messageId, (set = new Set()));
    set.add(onStop);
    return () => {
      set.delete(onStop);
      if (set.size === 0) this.listeners.delete(messageId);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
