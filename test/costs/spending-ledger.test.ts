import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/adapters/store/open-store.ts';
import type { DatabaseConfig } from '../../src/config.ts';
import { SpendingLedger } from '../../src/costs/spending-ledger.ts';
import { freshPostgresDatabase, postgresUp } from '../support/services.ts';

const month = '2026-03';

/** A user and streaming replies of theirs to reserve for, as the generation job has them. */
async function userWithReplies(store: Store, count: number): Promise<{ userId: string; replyIds: string[] }> {
  const now = `${month}-10T12:00:00.000Z`;
  const userId = `user-${Math.random().toString(36).slice(2)}`;
  await store.kysely
    .insertInto('users')
    .values({ id: userId, email: `${userId}@example.com`, password_hash: 'x', created_at: now })
    .execute();
  await store.kysely
    .insertInto('chats')
    .values({
      id: `chat-${userId}`,
      user_id: userId,
      title: 't',
      model: 'openai:x',
      system: null,
      knowledge_base: 0,
      created_at: now,
      current_message_id: null,
    })
    .execute();
  const replyIds = Array.from({ length: count }, (_, i) => `reply-${userId}-${i}`);
  await store.kysely
    .insertInto('messages')
    .values(
      replyIds.map((id) => ({
        id,
        chat_id: `chat-${userId}`,
        user_id: userId,
        role: 'assistant' as const,
        content: '',
        thinking: '[]',
        status: 'streaming' as const,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  return { userId, replyIds };
}

/**
 * Many replies reserve at once from the same budget; with several ledgers, each over its own connection
 * pool, as separate processes have them. Granted together, they never pass the budget, and use all of it.
 */
function reservationsHold(name: string, configs: () => { stores: Store[] }) {
  it(`${name}: concurrent reservations never grant past the budget, and settling gives back what was not spent`, async () => {
    const { stores } = configs();
    const { userId, replyIds } = await userWithReplies(stores[0]!, 40);
    const ledgers = stores.map((store) => new SpendingLedger(store.kysely, store.dialect));
    const budget = 1;
    const grants = await Promise.all(
      replyIds.flatMap((id, i) => Array.from({ length: 5 }, () => ledgers[i % ledgers.length]!.reserve({ id, userId, month }, 0.013, budget))),
    );
    const granted = grants.reduce((sum, g) => sum + g, 0);
    expect(granted).toBeCloseTo(budget, 8);
    expect(await ledgers[0]!.spent(userId, month)).toBeCloseTo(budget, 8);

    // Every reply ends having spent a cent: what each reserved past it comes back.
    for (const id of replyIds) await ledgers[0]!.settle(id, 0.01);
    expect(await ledgers[0]!.spent(userId, month)).toBeCloseTo(0.4, 8);
  });

  it(`${name}: a reply that has ended, or is gone with its chat, is granted nothing and charges nothing`, async () => {
    const { stores } = configs();
    const { userId, replyIds } = await userWithReplies(stores[0]!, 2);
    const [ended, deleted] = replyIds as [string, string];
    const ledger = new SpendingLedger(stores[0]!.kysely, stores[0]!.dialect);
    await stores[0]!.kysely.updateTable('messages').set({ status: 'cancelled' }).where('id', '=', ended).execute();
    await stores[0]!.kysely.deleteFrom('messages').where('id', '=', deleted).execute();
    expect(await ledger.reserve({ id: ended, userId, month }, 0.5, 1)).toBe(0);
    expect(await ledger.reserve({ id: deleted, userId, month }, 0.5, 1)).toBe(0);
    expect(await ledger.spent(userId, month)).toBe(0);
  });
}

describe('the spending ledger', () => {
  describe('on SQLite', () => {
    let store: Store;
    beforeAll(async () => {
      store = await openStore({ kind: 'sqlite', path: ':memory:' });
    });
    afterAll(() => store.close());
    reservationsHold('SQLite', () => ({ stores: [store] }));
  });

  describe.runIf(postgresUp)('on PostgreSQL, from two connection pools', () => {
    let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
    const stores: Store[] = [];
    beforeAll(async () => {
      database = await freshPostgresDatabase();
      const config: DatabaseConfig = { kind: 'postgres', url: database.url };
      stores.push(await openStore(config));
      stores.push(await openStore(config));
    });
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await database.drop();
    });
    reservationsHold('PostgreSQL', () => ({ stores }));
  });
});
