import { expect } from 'vitest';
import { openEventStream, textOf } from '../support/sse-client.ts';
import { ResilientSubscriber, waitUntil, type OutageCluster } from '../support/outage-cluster.ts';

/** Replies streaming with two subscribers each, one on each web process, all past their first tokens. */
export async function repliesInFlight(cluster: OutageCluster, name: string, count: number, tokens: number, rate: number) {
  const ids = await Promise.all(Array.from({ length: count }, (_, i) => cluster.startReply(`${name}-${i}`, tokens, rate)));
  const subscribers = ids.map((id) => [new ResilientSubscriber(cluster.webs, id, 0), new ResilientSubscriber(cluster.webs, id, 1)] as const);
  const all = subscribers.flat();
  await waitUntil(() => all.every((s) => s.events.filter((e) => e.event === 'delta').length >= 5), 'every subscriber has 5 deltas');
  return { ids, subscribers };
}

/**
 * What must hold after any fault: every reply ended completed, every subscriber (however often it
 * reconnected, wherever) assembled exactly the stored content and saw the same ending, fresh readers on
 * either web process get the whole text, no process exited, and a new reply completes.
 */
export async function expectSurvived(cluster: OutageCluster, inFlight: Awaited<ReturnType<typeof repliesInFlight>>): Promise<void> {
  for (const [i, id] of inFlight.ids.entries()) {
    const stored = await cluster.ended(id);
    expect({ status: stored.status, error: stored.error }).toEqual({ status: 'completed', error: null });
    expect(stored.content.length).toBeGreaterThan(0);
    for (const subscriber of inFlight.subscribers[i]!) {
      await subscriber.finished;
      expect(subscriber.end).toMatchObject({ event: 'done', data: { status: 'completed' } });
      expect(subscriber.text).toBe(stored.content);
    }
    for (const web of cluster.webs) {
      const fresh = await openEventStream(`${web.url}/api/messages/${id}/events`, web.token!);
      await fresh.closed;
      expect(textOf(fresh.events)).toBe(stored.content);
      expect(fresh.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    }
  }
  expect(cluster.exited()).toEqual([]);
  const after = await cluster.startReply('afterwards', 10, 0);
  expect((await cluster.ended(after)).status).toBe('completed');
}
