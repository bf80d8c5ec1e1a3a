import type { BilledUsage } from '../streams/reply-events.ts';
import type { StoredPart } from '../streams/reply-parts.ts';
import { estimateUsage, type SentPrompt } from './estimate-usage.ts';
import type { Prices } from './prices.ts';
import { costOf, reported, sumUsage, type Cost } from './reply-cost.ts';

/** A reply's cost, and the tokens it was counted from: what a user is shown to have used adds up to what they pay. */
export interface Costing {
  /** Null for a model with no price. */
  cost: Cost | null;
  /** The provider's figures, or Hotline's count when the cost is estimated; null for a model with no price (nothing was counted). */
  tokens: { inputTokens: number; outputTokens: number } | null;
}

/**
 * What a reply cost at the configured prices, from the usage of each of its steps (model calls). When a
 * step reported no usage (a stopped stream usually reports none), the provider's figures cannot add up to
 * the reply, so the whole reply is counted from its prompt and what it wrote, and marked `estimated`.
 */
export async function costOfReply(
  prices: Prices,
  model: string | null,
  steps: readonly BilledUsage[],
  prompt: SentPrompt,
  written: { content: string; parts?: StoredPart[] | null },
): Promise<Costing> {
  const price = prices.of(model);
  if (!price) return { cost: null, tokens: null };
  const estimated = steps.length === 0 || !steps.every(reported);
  const usage = estimated ? await estimateUsage(prompt, written) : sumUsage(steps);
  return { cost: costOf(price, [usage], estimated), tokens: { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 } };
}
