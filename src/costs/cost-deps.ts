import type { Budgets } from './budgets.ts';
import type { Prices } from './prices.ts';

/** What the generation job needs to price replies and hold them to their users' budgets. */
export interface CostDeps {
  prices: Prices;
  budgets: Budgets;
}
