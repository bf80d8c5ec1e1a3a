import { describe, expect, it } from 'vitest';
import { MemoryEventLog } from '../../src/adapters/event-log/memory.ts';
import type { MessageRow } from '../../src/messages/message.ts';
import { followReply } from '../../src/streams/follow-reply.ts';

/** A memory log whose watches take a while to be set up (as a Redis subscription does), and are counted. */
class SlowWatchLog extends MemoryEventLog {
  live = 0;
  override async watch(replyId: string, onAppend: () => void): Promise<() => void> {
    await new Promise((r) => setTimeout(r, 30));
    const unwatch = await super.watch(replyId, onAppend);
    this.live++;
    return () => {
      this.live--;
      unwatch();
    };
  }
}

const streaming = { id: 'reply-1', status: 'streaming', content: '', parts: null } as MessageRow;

describe('followReply', () => {
  it('lets go of its watch when its subscriber left while the watch was being set up', async () => {
    const log = new SlowWatchLog();
    await log.append(streaming.id, { type: 'delta', text: 'Hello' });
    const left = new AbortController();
    const frames = followReply({ eventLog: log, findMessage: async () => streaming }, streaming, { from: 0, keepAliveMs: 50, signal: left.signal });
    const first = frames.next();
    left.abort();
    // It ends by itself: nothing to send to a subscriber that is gone, and nothing left watching.
    expect((await first).done).toBe(true);
    expect(log.live).toBe(0);
  });

  it('lets go of its watch when it is returned at a yield, as a consumer that stops writing does', async () => {
    const log = new SlowWatchLog();
    await log.append(streaming.id, { type: 'delta', text: 'Hello' });
    const frames = followReply({ eventLog: log, findMessage: async () => streaming }, streaming, {
      from: 0,
      keepAliveMs: 10_000,
      signal: new AbortController().signal,
    });
    expect((await frames.next()).value).toEqual([{ type: 'delta', text: 'Hello', position: 5 }]);
    expect(log.live).toBe(1);
    await frames.return();
    expect(log.live).toBe(0);
  });
});
