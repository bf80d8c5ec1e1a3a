import type { BilledUsage } from '../streams/reply-events.ts';
import type { StoredPart } from '../streams/reply-parts.ts';
import { estimateUsage, type SentPrompt } from './estimate-usage.ts';
import type { Prices } from './prices.ts';
import { costOf, reported, type Cost } from './reply-cost.ts';

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
): Promise<Cost | null> {
  const price = prices.of(model);
  if (!price) return null;
  if (steps.length > 0 && steps.every(reported)) return costOf(price, steps, false);
  return costOf(price, [await estimateUsage(prompt, written)], true);
}
