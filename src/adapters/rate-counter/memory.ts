import type { Clock } from '../../clock.ts';
import type { RateCounter } from '../../limits/rate-counter.ts';

/** Embedded: one process serves every request, so its own map is the count. Ended windows are dropped as they are met. */
export class MemoryRateCounter implements RateCounter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(private readonly clock: Clock) {}

  async current(key: string): Promise<{ count: number; resetInMs: number }> {
    const window = this.open(key);
    return window ? { count: window.count, resetInMs: window.endsAt - this.clock.now() } : { count: 0, resetInMs: 0 };
  }

  async add(key: string, windowMs: number): Promise<void> {
    const window = this.open(key);
    if (window) window.count += 1;
    else this.windows.set(key, { count: 1, endsAt: this.clock.now() + windowMs });
    if (this.windows.size > 10_000) this.dropEnded();
  }

  private open(key: string) {
    const window = this.windows.get(key);
    if (window && window.endsAt <= this.clock.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private dropEnded(): void {
    const now = this.clock.now();
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
