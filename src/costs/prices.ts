import { shippedPrices, type ModelPrice } from './price-table.ts';

/** The price list in force: the shipped table, extended or overridden by `HOTLINE_PRICES`. */
export class Prices {
  private readonly table: Record<string, ModelPrice>;

  constructor(overrides: Record<string, ModelPrice> = {}) {
    this.table = { ...shippedPrices, ...overrides };
  }

  /** By the model's id, then by its id without a `?…` suffix; undefined when it has no price (never a guess). */
  of(modelId: string | null): ModelPrice | undefined {
    if (!modelId) return undefined;
    const exact = this.table[modelId];
    if (exact) return exact;
    const q = modelId.indexOf('?');
    return q === -1 ? undefined : this.table[modelId.slice(0, q)];
  }
}
