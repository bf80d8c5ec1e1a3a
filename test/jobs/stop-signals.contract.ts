import { afterEach, describe, expect, it } from 'vitest';
import type { StopSignals } from '../../src/jobs/stop-signals.ts';

let unique = 0;
const newMessageId = () => `stop-${process.pid}-${Date.now()}-${++unique}`;

/** One listener: how many stops it heard. */
class Ear {
  heard = 0;
  readonly onStop = () => void this.heard++;
}

/**
 * Two ends of the stop signal: where Stop is pressed (any process) and where the job runs. In memory
 * they are one object (one process); in Redis, two processes' worth of connections.
 */
export interface StopSignalEnds {
  requester: StopSignals;
  listener: StopSignals;
}

/**
 * What every StopSignals must do, as its callers rely on it: the job listens before it claims its reply,
 * so a stop requested from then on reaches it (`cancelReply`); it stops listening when it ends, and hears
 * nothing more. How often a listener is called for one stop is not promised (at least once): the job
 * aborts once whatever the count. Run by the in-memory and the Redis implementation alike.
 */
export function stopSignalsContract(name: string, makeEnds: () => Promise<StopSignalEnds>): void {
  describe(`${name} stop signals (contract)`, () => {
    let ends: StopSignalEnds;
    afterEach(async () => {
      await ends.requester.close();
      if (ends.listener !== ends.requester) await ends.listener.close();
    });

    /**
     * Requests a stop for a message of its own and waits until its listener hears it. Stops from one
     * requester reach a listener in the order requested, so what was requested before it and not heard
     * by now is never heard: a check that something did not happen, without waiting for a while.
     */
    async function barrier(): Promise<void> {
      const id = newMessageId();
      const ear = new Ear();
      const off = ends.listener.listen(id, ear.onStop);
      await ends.requester.request(id);
      await expect.poll(() => ear.heard, { timeout: 5_000, interval: 5 }).toBeGreaterThan(0);
      off();
    }

    it('reaches a listener with a stop requested as soon as listen() has returned', async () => {
      ends = await makeEnds();
      const id = newMessageId();
      const ear = new Ear();
      const off = ends.listener.listen(id, ear.onStop);
      await ends.requester.request(id);
      await expect.poll(() => ear.heard, { timeout: 5_000, interval: 5 }).toBeGreaterThan(0);
      off();
    });

    it('reaches every listener of that message, and no listener of another', async () => {
      ends = await makeEnds();
      const [stopped, other] = [newMessageId(), newMessageId()];
      const [first, second, bystander] = [new Ear(), new Ear(), new Ear()];
      const offs = [ends.listener.listen(stopped, first.onStop), ends.listener.listen(stopped, second.onStop), ends.listener.listen(other, bystander.onStop)];
      await ends.requester.request(stopped);
      await expect.poll(() => first.heard > 0 && second.heard > 0, { timeout: 5_000, interval: 5 }).toBe(true);
      await barrier();
      expect(bystander.heard).toBe(0);
      for (const off of offs) off();
    });

    // Each case is tried on several messages: where delivery races the unsubscribe, one try may miss it.
    const tries = 20;

    it('tells a listener nothing once it has unsubscribed, even right after listening', async () => {
      ends = await makeEnds();
      const ears = Array.from({ length: tries }, () => new Ear());
      for (const ear of ears) {
        const id = newMessageId();
        ends.listener.listen(id, ear.onStop)();
        await ends.requester.request(id);
      }
      await barrier();
      expect(ears.map((ear) => ear.heard)).toEqual(ears.map(() => 0));
    });

    it('tells a listener that unsubscribed after a stop nothing more, and keeps telling the others', async () => {
      ends = await makeEnds();
      const cases = [];
      for (let i = 0; i < tries; i++) {
        const id = newMessageId();
        const [leaving, staying] = [new Ear(), new Ear()];
        const off = ends.listener.listen(id, leaving.onStop);
        const offStaying = ends.listener.listen(id, staying.onStop);
        await ends.requester.request(id);
        await expect.poll(() => leaving.heard > 0 && staying.heard > 0, { timeout: 5_000, interval: 5 }).toBe(true);
        off();
        cases.push({ id, leaving, staying, offStaying, heardBefore: { leaving: leaving.heard, staying: staying.heard } });
      }
      for (const { id } of cases) await ends.requester.request(id);
      for (const { staying, heardBefore } of cases) {
        await expect.poll(() => staying.heard, { timeout: 5_000, interval: 5 }).toBeGreaterThan(heardBefore.staying);
      }
      await barrier();
      expect(cases.map(({ leaving }) => leaving.heard)).toEqual(cases.map(({ heardBefore }) => heardBefore.leaving));
      for (const { offStaying } of cases) offStaying();
    });
  });
}
