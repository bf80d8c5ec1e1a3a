import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { tokenText } from '../../src/testing/fake-provider/text.ts';

/** Budgets are tested on a model whose output alone costs, a tenth of a cent a token: easy figures. */
export const outputUsdPerToken = 0.001;
export const budgetPrices = (models: string[]) =>
  JSON.stringify(Object.fromEntries(models.map((model) => [model, { input: 0, output: outputUsdPerToken * 1e6 }])));

/** The most one piece of the fake provider's text costs: what a reply may spend past the budget. */
export const largestPieceUsd = Math.max(...Array.from({ length: 30 }, (_, i) => encode(tokenText(i)).length)) * outputUsdPerToken;
