import type { Chat } from '../../chats/chat-store.ts';
import type { Hotline } from '../../hotline.ts';
import { connectionClosed } from '../../http/connection-closed.ts';
import type { ChatPosition } from '../../web/views/chat-position.ts';
import { followChat } from '../turbo/chat-stream.ts';
import { moveSource, withBuiltInActions } from './cable-frames.ts';
import { streamMessage } from './cable-messages.ts';
import { signStreamName, type StreamGrant } from './signed-stream-name.ts';

export interface SubscriptionDeps {
  hotline: Hotline;
  secret: string;
  frameIntervalMs: number;
  /** Sends on the connection; false once the connection is gone or too slow. */
  send(text: string): Promise<boolean>;
  /** The subscription now answers to another name (the connection finds it by name). */
  renamed(subscription: CableSubscription, from: string): void;
}

/**
 * One `Turbo::StreamsChannel` subscription: the web app's stream of the chat (the same frames, from the
 * same follower), sent as Action Cable messages. Every frame moves the page's stream source on to the
 * name of the position after it (cable-frames.ts); the stream then waits until the consumer subscribes
 * with that name, and goes on under it. A page that does not (it went away) lets its slot go after the
 * slow-subscriber timeout. While the chat idles, a name past half its life is renewed the same way, so a
 * page left open keeps a name that is still good when it reconnects.
 */
export class CableSubscription {
  private readonly stopped = new AbortController();
  private handover: ((taken: boolean) => void) | undefined;

  constructor(
    private readonly deps: SubscriptionDeps,
    public identifier: string,
    public name: string,
    private readonly grant: StreamGrant,
    private readonly chat: Chat,
  ) {}

  /** The consumer subscribed with this subscription's current name: a handover, or a repeat of its subscribe. */
  takeOver(identifier: string): void {
    this.identifier = identifier;
    this.handover?.(true);
  }

  stop(): void {
    this.stopped.abort(connectionClosed);
    this.handover?.(false);
  }

  /** Follows the chat until the subscription stops, the page goes away or the reader may no longer see the chat. */
  async run(): Promise<void> {
    const { hotline, frameIntervalMs } = this.deps;
    const { keepAliveMs } = hotline.config.streams;
    let position = this.grant.position;
    let expiresAt = this.grant.expiresAt;
    const options = { ctx: { csrf: '' }, signal: this.stopped.signal, keepAliveMs, frameIntervalMs };
    for await (const frame of followChat(hotline, this.chat, position, options)) {
      if (frame === 'idle') {
        if (!(await hotline.chats.find(this.grant.userId, this.chat.id))) return;
        if (hotline.clock.now() < expiresAt - hotline.config.cableNameTtlMs / 2) continue;
      } else {
        position = frame.position;
      }
      expiresAt = hotline.clock.now() + hotline.config.cableNameTtlMs;
      if (!(await this.moveTo(position, expiresAt, frame === 'idle' ? '' : withBuiltInActions(frame.html)))) return;
    }
  }

  /** Sends the frame with the page's next name, and waits for the consumer to take it. */
  private async moveTo(position: ChatPosition, expiresAt: number, frameHtml: string): Promise<boolean> {
    const from = this.name;
    this.name = signStreamName(this.deps.secret, { ...this.grant, position, expiresAt });
    const taken = new Promise<boolean>((resolve) => (this.handover = resolve));
    this.deps.renamed(this, from);
    if (this.stopped.signal.aborted) return false;
    if (!(await this.deps.send(streamMessage(this.identifier, frameHtml + moveSource(from, this.name))))) return false;
    const timer = setTimeout(() => this.handover?.(false), this.deps.hotline.config.streams.slowSubscriberTimeoutMs);
    try {
      return await taken;
    } finally {
      clearTimeout(timer);
      this.handover = undefined;
    }
  }
}
