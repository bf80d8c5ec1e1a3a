import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Prices } from '../../src/costs/prices.ts';
import { pricesPublishedOn } from '../../src/costs/price-table.ts';

describe('HOTLINE_PRICES and HOTLINE_BUDGET_USD_PER_MONTH', () => {
  it('extend and override the shipped, dated table, from JSON or from a file', () => {
    expect(pricesPublishedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const inline = loadConfig({
      HOTLINE_PRICES: '{"openai:gpt-4o": {"input": 1, "output": 2}, "openai:mine": {"input": 0.5, "cachedInput": 0.1, "output": 1}}',
    });
    const prices = new Prices(inline.costs.prices);
    expect(prices.of('openai:gpt-4o')).toEqual({ input: 1, output: 2 });
    expect(prices.of('openai:mine?temperature=0')).toEqual({ input: 0.5, cachedInput: 0.1, output: 1 });
    expect(prices.of('openai:gpt-4o-mini')).toMatchObject({ input: 0.15 });

    const file = join(mkdtempSync(join(tmpdir(), 'hotline-prices-')), 'prices.json');
    writeFileSync(file, '{"anthropic:house": {"input": 3, "output": 15}}');
    expect(new Prices(loadConfig({ HOTLINE_PRICES: file }).costs.prices).of('anthropic:house')).toEqual({ input: 3, output: 15 });
    expect(loadConfig({ HOTLINE_BUDGET_USD_PER_MONTH: '12.5' }).costs.budgetUsdPerMonth).toBe(12.5);
    expect(loadConfig({}).costs.budgetUsdPerMonth).toBeUndefined();
  });

  it('stop start-up with one line naming the variable when they are wrong', () => {
    for (const [value, why] of [
      ['{"openai:x": {"input": 1}}', /output/],
      ['{"openai:x": {"input": -1, "output": 1}}', /input/],
      ['{"gpt-4o": {"input": 1, "output": 1}}', /provider:model/],
      ['{"openai:x": {"input": 1, "output": 1, "typo": 2}}', /typo|unrecognized/i],
      ['{not json', /not valid JSON/],
      ['/no/such/prices.json', /neither a JSON object nor a file/],
    ] as const) {
      expect(() => loadConfig({ HOTLINE_PRICES: value })).toThrow(/^Invalid configuration: HOTLINE_PRICES: /);
      expect(() => loadConfig({ HOTLINE_PRICES: value })).toThrow(why);
    }
    expect(() => loadConfig({ HOTLINE_BUDGET_USD_PER_MONTH: 'lots' })).toThrow(/^Invalid configuration: HOTLINE_BUDGET_USD_PER_MONTH: /);
    expect(() => loadConfig({ HOTLINE_BUDGET_USD_PER_MONTH: '-5' })).toThrow(/HOTLINE_BUDGET_USD_PER_MONTH/);
  });
});
