import type { Redis } from 'ioredis';

/** The message a listener gets after a reconnection: whatever was published meanwhile is lost. */
export const missedWhileAway = '';

/**
 * One pub/sub connection shared by everything in the process that listens to Redis channels. A channel
 * is subscribed while it has local listeners (and a little longer, so a reader that reconnects does not
 * make it churn), and each message is dispatched to the local listeners.
 */
export class ChannelHub {
  private readonly listeners = new Map<string, Set<(message: string) => void>>();
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private readonly idle = new Map<string, NodeJS.Timeout>();
  private ready: Promise<void> | undefined;

  constructor(
    private readonly subscriber: Redis,
    private readonly lingerMs = 5_000,
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      for (const listener of this.listeners.get(channel) ?? []) listener(message);
    });
    // Messages published while the connection was down are lost: after a reconnection (ioredis subscribes
    // again), every listener is called once with `missedWhileAway`, so it looks for what it missed now
    // rather than at its next keep-alive.
    let connectedBefore = false;
    subscriber.on('ready', () => {
      if (connectedBefore) for (const set of this.listeners.values()) for (const listener of [...set]) listener(missedWhileAway);
      connectedBefore = true;
    });
  }

  /** Resolves once the subscription is live, so nothing published afterwards can be missed. */
  async listen(channel: string, listener: (message: string) => void): Promise<() => void> {
    clearTimeout(this.idle.get(channel));
    this.idle.delete(channel);
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    let subscribing = this.subscribed.get(channel);
    if (!subscribing) {
      subscribing = this.subscribe(channel);
      this.subscribed.set(channel, subscribing);
    }
    await subscribing;
    return () => {
      set.delete(listener);
      if (set.size > 0) return;
      this.idle.set(
        channel,
        setTimeout(() => {
          this.idle.delete(channel);
          if ((this.listeners.get(channel)?.size ?? 0) > 0) return;
          this.listeners.delete(channel);
          this.subscribed.delete(channel);
          void this.subscriber.unsubscribe(channel).catch(() => {});
        }, this.lingerMs).unref(),
      );
    };
  }

  /**
   * Subscribes once the connection is ready. ioredis sends a SUBSCRIBE made while it is still connecting
   * before its ready check, which then fails in subscriber mode: it reconnects without subscribing again
   * (it only does that for a connection that was ready), and the channel would stay silent.
   */
  private async subscribe(channel: string): Promise<unknown> {
    if (this.subscriber.status !== 'ready') {
      this.ready ??= new Promise<void>((resolve) => this.subscriber.once('ready', () => ((this.ready = undefined), resolve())));
      await this.ready;
    }
    return this.subscriber.subscribe(channel);
  }

  close(): void {
    for (const timer of this.idle.values()) clearTimeout(timer);
    this.idle.clear();
    this.listeners.clear();
    this.subscribed.clear();
  }
}
