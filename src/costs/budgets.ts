import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { monthOf, type SpendingLedger } from './spending-ledger.ts';

/**
 * Who may spend how much in a calendar month (UTC): a user's own budget when an operator set one, else
 * `HOTLINE_BUDGET_USD_PER_MONTH`, else no budget at all.
 */
export class Budgets {
  constructor(
    private readonly db: Kysely<Database>,
    readonly ledger: SpendingLedger,
    private readonly defaultUsd: number | undefined,
  ) {}

  /** The user's monthly budget in USD, or null for none. */
  async limitFor(userId: string): Promise<number | null> {
    const row = await this.db.selectFrom('users').select('budget_usd').where('id', '=', userId).executeTakeFirst();
    return row?.budget_usd ?? this.defaultUsd ?? null;
  }

  /** Whether the user is at or over their budget this month: no new reply may start. */
  async exhausted(userId: string, now: string): Promise<boolean> {
    const limit = await this.limitFor(userId);
    return limit !== null && (await this.ledger.spent(userId, monthOf(now))) >= limit;
  }

  /** Sets (or, with null, removes) a user's own budget; false when no user has that email. */
  async setUserBudget(email: string, usd: number | null): Promise<boolean> {
    const result = await this.db.updateTable('users').set({ budget_usd: usd }).where('email', '=', email).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
