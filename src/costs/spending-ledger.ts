import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { StoreDialect } from '../db/store-dialect.ts';
import { roundUsd } from './reply-cost.ts';

/** A calendar month (UTC) as the ledger keys it: `YYYY-MM` of an ISO time. */
export const monthOf = (isoTime: string): string => isoTime.slice(0, 7);

/**
 * Each user's spending per month, in the database every process shares, so that budgets hold across
 * worker processes. A streaming reply reserves budget before it spends it (`reserve`, which never grants
 * past the budget: two replies cannot both take the last cent), and its ending settles the reservation
 * to what the reply cost (`settle`).
 */
export class SpendingLedger {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  async spent(userId: string, month: string): Promise<number> {
    const row = await this.db.selectFrom('spending').select('usd').where('user_id', '=', userId).where('month', '=', month).executeTakeFirst();
    return row?.usd ?? 0;
  }

  /**
   * Takes up to `wanted` dollars of the user's budget for a streaming reply: all of it when the budget
   * has room, what is left when it has less, nothing at or over it. Returns what was granted. A reply
   * that has ended (stopped, or its chat deleted, while its job was still reading) is granted nothing:
   * its ending has settled what it held, and no later reservation could be.
   */
  async reserve(reply: { id: string; userId: string; month: string }, wanted: number, limit: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const spent = await this.lockedSpending(trx, reply.userId, reply.month);
      const granted = roundUsd(Math.max(0, Math.min(wanted, limit - spent)));
      if (granted === 0) return 0;
      const held = await trx
        .updateTable('messages')
        .set({ budget_reserved_usd: sql`budget_reserved_usd + ${granted}` })
        .where('id', '=', reply.id)
        .where('status', '=', 'streaming')
        .executeTakeFirst();
      if (held.numUpdatedRows === 0n) return 0;
      await trx
        .updateTable('spending')
        .set({ usd: sql`usd + ${granted}` })
        .where('user_id', '=', reply.userId)
        .where('month', '=', reply.month)
        .execute();
      return granted;
    });
  }

  /** A reply ended having cost `usd`: its reservation becomes that cost, in the month it started. */
  async settle(messageId: string, usd: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const reply = await trx.selectFrom('messages').select(['user_id', 'created_at', 'budget_reserved_usd']).where('id', '=', messageId).executeTakeFirst();
      if (!reply) return;
      const change = roundUsd(usd - reply.budget_reserved_usd);
      if (reply.budget_reserved_usd !== 0) await trx.updateTable('messages').set({ budget_reserved_usd: 0 }).where('id', '=', messageId).execute();
      if (change !== 0) await this.add(trx, reply.user_id, monthOf(reply.created_at), change);
    });
  }

  /** Spending that no reply reserved first (a chat's title, written after its first answer). */
  async charge(userId: string, month: string, usd: number): Promise<void> {
    if (usd !== 0) await this.add(this.db, userId, month, usd);
  }

  private async add(db: Kysely<Database> | Transaction<Database>, userId: string, month: string, usd: number): Promise<void> {
    await db
      .insertInto('spending')
      .values({ user_id: userId, month, usd })
      .onConflict((c) => c.columns(['user_id', 'month']).doUpdateSet({ usd: sql`spending.usd + excluded.usd` }))
      .execute();
  }

  /** The month's spending, its row locked until the transaction ends (PostgreSQL; SQLite has one writer at a time). */
  private async lockedSpending(trx: Transaction<Database>, userId: string, month: string): Promise<number> {
    await trx
      .insertInto('spending')
      .values({ user_id: userId, month, usd: 0 })
      .onConflict((c) => c.columns(['user_id', 'month']).doNothing())
      .execute();
    const query = trx.selectFrom('spending').select('usd').where('user_id', '=', userId).where('month', '=', month);
    const row = await (this.dialect.name === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
    return row.usd;
  }
}
