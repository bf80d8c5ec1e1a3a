import type { BilledUsage } from '../streams/reply-events.ts';
import type { ModelPrice } from './price-table.ts';

/** What a reply cost: `estimated` when Hotline counted the tokens because the provider reported none. */
export interface Cost {
  usd: number;
  estimated: boolean;
}

/** The usage of every step of a reply (a tool-calling reply makes several model calls), added up. */
export function sumUsage(steps: readonly BilledUsage[]): BilledUsage {
  const add = (key: keyof BilledUsage) => (steps.some((s) => s[key] !== null) ? steps.reduce((total, s) => total + (s[key] ?? 0), 0) : null);
  return {
    inputTokens: add('inputTokens'),
    outputTokens: add('outputTokens'),
    cachedInputTokens: add('cachedInputTokens'),
    reasoningTokens: add('reasoningTokens'),
    cacheWriteTokens: add('cacheWriteTokens'),
  };
}

/**
 * The dollars of some usage at a price. Input counts include the tokens read from and written to the
 * prompt cache, and output counts include the reasoning tokens (as OpenAI and the AI SDK report them), so
 * each part is priced once.
 */
export function usdOf(price: ModelPrice, usage: BilledUsage): number {
  const input = usage.inputTokens ?? 0;
  const cached = Math.min(usage.cachedInputTokens ?? 0, input);
  const written = Math.min(usage.cacheWriteTokens ?? 0, input - cached);
  const output = usage.outputTokens ?? 0;
  const reasoning = Math.min(usage.reasoningTokens ?? 0, output);
  const micro =
    (input - cached - written) * price.input +
    cached * (price.cachedInput ?? price.input) +
    written * (price.cacheWrite ?? price.input) +
    (output - reasoning) * price.output +
    reasoning * (price.reasoning ?? price.output);
  return micro / 1_000_000;
}

/** A reply's cost from its steps' usage, or null for a model with no price. */
export function costOf(price: ModelPrice | undefined, steps: readonly BilledUsage[], estimated: boolean): Cost | null {
  if (!price) return null;
  return { usd: roundUsd(usdOf(price, sumUsage(steps))), estimated };
}

/** Dollars to a millionth of a cent: enough for one token of the cheapest model, and free of float noise. */
export const roundUsd = (usd: number): number => Math.round(usd * 1e8) / 1e8;

/** Whether a provider reported any usage at all (a stopped stream usually reports none). */
export const reported = (usage: BilledUsage): boolean => usage.inputTokens !== null || usage.outputTokens !== null;
