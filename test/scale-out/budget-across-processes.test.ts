import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { freePort, runHotline, runRedis, type RunningProcess, scaleOutEnv } from '../support/processes.ts';
import { freshPostgresDatabase, postgresUp, redisUp } from '../support/services.ts';
import { budgetPrices, largestPieceUsd } from '../costs/budget-support.ts';

/**
 * One user's replies run by two worker processes at once, sharing PostgreSQL and Redis: the budget's
 * last cents can be taken by one of them only.
 */
describe.runIf(redisUp && postgresUp)('a budget across worker processes', () => {
  let provider: FakeProvider;
  let redis: Awaited<ReturnType<typeof runRedis>>;
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let env: Record<string, string>;
  const processes: RunningProcess[] = [];
  const workers: RunningProcess[] = [];
  let web: ApiClient;

  beforeAll(async () => {
    provider = await startFakeProvider();
    redis = await runRedis();
    database = await freshPostgresDatabase();
    env = {
      ...scaleOutEnv({ database, redis, provider }),
      HOTLINE_RATE_LIMITS: 'off',
      HOTLINE_PRICES: budgetPrices(['openai:shared-budget']),
      HOTLINE_BUDGET_USD_PER_MONTH: '100',
    };
    const port = await freePort();
    const webProcess = runHotline({ ...env, HOTLINE_ROLE: 'web', PORT: String(port) });
    processes.push(webProcess);
    await webProcess.waitFor(/Hotline is listening/);
    for (let i = 0; i < 2; i++) {
      const worker = runHotline({ ...env, HOTLINE_ROLE: 'worker', PORT: '1' });
      processes.push(worker);
      workers.push(worker);
    }
    await Promise.all(workers.map((worker) => worker.waitFor(/Hotline worker is taking jobs/)));
    web = new ApiClient(`http://127.0.0.1:${port}`);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await redis?.stop('SIGKILL');
    await provider?.close();
    await database?.drop();
  });

  it('ten replies of one user on two workers spend no more than the budget the operator set and one piece of text', async () => {
    const email = `shared-${Date.now()}@example.com`;
    const user = await web.signUp(email);
    const budget = 0.5;
    const set = execFileSync('npm', ['run', '-s', 'hotline', '--', 'budget', email, String(budget)], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(set).toContain(`budget $${budget} a month`);

    const chats = await Promise.all(Array.from({ length: 10 }, () => user.newChat({ model: 'openai:shared-budget?tokens=400&rate=20' })));
    const turns = await Promise.all(chats.map((chat) => user.send(chat.id, 'All at once, everywhere')));
    const ids: string[] = turns.map((turn) => turn.assistantMessage.id);
    const replies = await Promise.all(ids.map((id) => user.settled(id, 30_000)));

    // Both workers ran some of them: the race was across processes.
    for (const worker of workers) expect(ids.some((id) => worker.output().includes(id))).toBe(true);
    expect(replies.every((reply) => reply.status === 'cancelled' && reply.finishReason === 'budget')).toBe(true);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ usd: number }>('select usd from spending');
    await client.end();
    const spent = rows.reduce((sum, row) => sum + row.usd, 0);
    expect(spent).toBeCloseTo(
      replies.reduce((sum, reply) => sum + reply.cost.usd, 0),
      8,
    );
    expect(spent).toBeLessThanOrEqual(budget + largestPieceUsd);
    console.log(`ten replies at once, two workers: spent $${spent.toFixed(4)} of $${budget} (past it by $${(spent - budget).toFixed(4)})`);
    expect((await user.post(`/api/chats/${chats[0].id}/messages`, { content: 'More?' })).status).toBe(spent >= budget ? 402 : 202);
  }, 60_000);
});
