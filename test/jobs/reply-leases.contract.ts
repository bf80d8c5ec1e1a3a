import { afterEach, describe, expect, it } from 'vitest';
import type { ReplyLeases } from '../../src/jobs/reply-leases.ts';

let unique = 0;
const newMessageId = () => `lease-${process.pid}-${Date.now()}-${++unique}`;

/**
 * Two processes' view of the leases: the one whose job holds a reply's lease, and another whose stale
 * sweep asks which replies are alive. In memory they are one object (one process).
 */
export interface LeaseEnds {
  holder: ReplyLeases;
  observer: ReplyLeases;
  /** How long an unrenewed lease may live on (its time to live); 0 where leases never lapse on their own. */
  lapseMs: number;
}

/**
 * What every ReplyLeases must do, as its callers rely on it: the job holds its reply's lease from before
 * its claim until it has ended the reply (`generateReply`), and the stale sweep, on any process, ends the
 * claimed replies without a live lease (`sweepStaleReplies`). Run by the in-memory and the Redis
 * implementation alike.
 */
export function replyLeasesContract(name: string, makeEnds: () => Promise<LeaseEnds>): void {
  describe(`${name} reply leases (contract)`, () => {
    let ends: LeaseEnds;
    afterEach(async () => {
      await ends.holder.close();
      if (ends.observer !== ends.holder) await ends.observer.close();
    });

    const heldBy = async (leases: ReplyLeases, ids: string[]) => [...(await leases.held(ids))].sort();

    it('holds a reply from hold() until released, as every process sees it', async () => {
      ends = await makeEnds();
      const id = newMessageId();
      expect(await heldBy(ends.observer, [id])).toEqual([]);
      const release = await ends.holder.hold(id);
      expect(await heldBy(ends.observer, [id])).toEqual([id]);
      expect(await heldBy(ends.holder, [id])).toEqual([id]);
      await release();
      expect(await heldBy(ends.observer, [id])).toEqual([]);
    });

    it('answers for the asked replies only, and for none when asked for none', async () => {
      ends = await makeEnds();
      const [a, b, never] = [newMessageId(), newMessageId(), newMessageId()];
      const releases = [await ends.holder.hold(a), await ends.holder.hold(b)];
      expect(await heldBy(ends.observer, [a, never])).toEqual([a]);
      expect(await heldBy(ends.observer, [never, b, a])).toEqual([a, b].sort());
      expect(await heldBy(ends.observer, [])).toEqual([]);
      for (const release of releases) await release();
    });

    it('keeps a held lease alive for as long as it is held, past its time to live', async () => {
      ends = await makeEnds();
      const id = newMessageId();
      const release = await ends.holder.hold(id);
      // Checked all along, not once at the end: a sweep may look at any moment.
      const until = Date.now() + 3 * ends.lapseMs;
      do {
        expect(await heldBy(ends.observer, [id])).toEqual([id]);
        await new Promise((resolve) => setTimeout(resolve, ends.lapseMs / 10));
      } while (Date.now() < until);
      await release();
    });

    it('holds a reply held twice until both have released it, each release counting once', async () => {
      ends = await makeEnds();
      const id = newMessageId();
      const first = await ends.holder.hold(id);
      const second = await ends.holder.hold(id);
      await first();
      expect(await heldBy(ends.observer, [id])).toEqual([id]);
      await first();
      expect(await heldBy(ends.observer, [id])).toEqual([id]);
      await second();
      expect(await heldBy(ends.observer, [id])).toEqual([]);
    });

    it('lets the leases of a holder that is gone lapse, so another can take them, which its late release leaves alone', async () => {
      ends = await makeEnds();
      const id = newMessageId();
      const releaseByGone = await ends.holder.hold(id);
      // Closed without releasing: what a process that dies mid-job leaves behind.
      await ends.holder.close();
      await expect.poll(() => heldBy(ends.observer, [id]), { timeout: 5_000 + ends.lapseMs, interval: 20 }).toEqual([]);
      const release = await ends.observer.hold(id);
      await releaseByGone();
      expect(await heldBy(ends.observer, [id])).toEqual([id]);
      await release();
      expect(await heldBy(ends.observer, [id])).toEqual([]);
    });
  });
}
