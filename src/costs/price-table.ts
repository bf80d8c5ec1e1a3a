/**
 * The prices Hotline ships with, in US dollars per million tokens, as the providers published them on
 * the date below. `HOTLINE_PRICES` extends or overrides them (prices change; this table is a default,
 * not a promise). `cachedInput` is a cache read; `cacheWrite`, a write to the prompt cache, where absent
 * is billed as input (OpenAI writes for free; Anthropic bills its five-minute cache at 1.25 times the
 * input price); `reasoning`, where absent, is billed as output (both OpenAI and Anthropic bill reasoning
 * tokens at the output price today).
 */
export const pricesPublishedOn = '2025-10-01';

export interface ModelPrice {
  input: number;
  cachedInput?: number;
  cacheWrite?: number;
  output: number;
  reasoning?: number;
}

export const shippedPrices: Record<string, ModelPrice> = {
  'openai:gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'openai:gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'openai:gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'openai:gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'openai:gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'openai:gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'openai:gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'openai:gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  'openai:o1': { input: 15, cachedInput: 7.5, output: 60 },
  'openai:o3': { input: 2, cachedInput: 0.5, output: 8 },
  'openai:o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'openai:o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
  'anthropic:claude-opus-4-1': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
  'anthropic:claude-opus-4-0': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
  'anthropic:claude-sonnet-4-5': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'anthropic:claude-sonnet-4-0': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'anthropic:claude-3-7-sonnet-latest': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'anthropic:claude-haiku-4-5': { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5 },
  'anthropic:claude-3-5-haiku-latest': { input: 0.8, cachedInput: 0.08, cacheWrite: 1, output: 4 },
};
