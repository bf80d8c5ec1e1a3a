import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Budgets } from './budgets.ts';
import type { Prices } from './prices.ts';

/** What the generation job needs to price replies and hold them to their users' budgets. */
export interface CostDeps {
  prices: Prices;
  budgets: Budgets;
  /** Where what titles cost is kept. */
  db: Kysely<Database>;
}
