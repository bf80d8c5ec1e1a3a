import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutageCluster } from '../support/outage-cluster.ts';
import { postgresBin } from '../support/processes.ts';
import { expectSurvived, repliesInFlight } from './outage-checks.ts';

/** PostgreSQL stopped as `pg_ctl stop -m immediate` does, mid-reply, and started again (crash recovery). */
describe.runIf(postgresBin)('a PostgreSQL restart in the scale-out mode', () => {
  const cluster = new OutageCluster();
  beforeAll(() => cluster.start(), 90_000);
  afterAll(() => cluster.stop());

  it('no process exits, reads answer 503 meanwhile, every reply completes and every reader gets exactly the stored text', async () => {
    const inFlight = await repliesInFlight(cluster, 'restart', 3, 150, 30);
    const postgres = await cluster.stopPostgresImmediately();
    for (const web of cluster.webs) {
      const read = await web.get('/api/chats');
      expect(read.status).toBe(503);
      expect(read.body.error.code).toBe('unavailable');
      expect(Number(read.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await fetch(`${web.url}/readyz`)).status).toBe(503);
    }
    await postgres.restart();
    await expectSurvived(cluster, inFlight);
  }, 120_000);
});
