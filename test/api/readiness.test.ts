import { describe, expect, it } from 'vitest';
import { ReadinessProbe } from '../../src/http/readiness.ts';

describe('ReadinessProbe (/readyz)', () => {
  it('answers "unreachable" for a dependency that never answers, instead of waiting for it', async () => {
    const probe = new ReadinessProbe({ database: async () => 'ok', redis: () => new Promise(() => {}) }, 50);
    expect(await probe.check()).toEqual({ ready: false, checks: { database: 'ok', redis: 'unreachable' } });
  });

  it('reuses a recent result, and probes that arrive during a check share it', async () => {
    let runs = 0;
    const probe = new ReadinessProbe({ database: async () => runs++ }, 400, 60_000);
    const [first, second] = await Promise.all([probe.check(), probe.check()]);
    expect(await probe.check()).toBe(first);
    expect(second).toBe(first);
    expect(runs).toBe(1);
    expect(first.ready).toBe(true);
  });
});
