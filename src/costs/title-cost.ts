import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { BilledUsage } from '../streams/reply-events.ts';
import type { SentPrompt } from './estimate-usage.ts';
import type { Prices } from './prices.ts';
import { reported } from './reply-cost.ts';
import { costOfReply } from './reply-costing.ts';
import { monthOf, type SpendingLedger } from './spending-ledger.ts';

export interface TitleCostDeps {
  db: Kysely<Database>;
  prices: Prices;
  ledger: SpendingLedger;
}

/** Writing a chat's title is a model call of its user's: it counts toward their usage and their budget. */
export async function recordTitleCost(
  deps: TitleCostDeps,
  call: { id: string; userId: string; model: string; at: string },
  title: { prompt: SentPrompt; written: string; usage: BilledUsage | null },
): Promise<void> {
  const steps = title.usage && reported(title.usage) ? [title.usage] : [];
  const { cost, tokens } = await costOfReply(deps.prices, call.model, steps, title.prompt, { content: title.written });
  await deps.db
    .insertInto('title_costs')
    .values({
      id: call.id,
      user_id: call.userId,
      model: call.model,
      usd: cost?.usd ?? null,
      // The tokens priced (Hotline's count when the provider reported none), else what the provider reported.
      input_tokens: tokens?.inputTokens ?? title.usage?.inputTokens ?? null,
      output_tokens: tokens?.outputTokens ?? title.usage?.outputTokens ?? null,
      created_at: call.at,
    })
    .execute();
  if (cost) await deps.ledger.charge(call.userId, monthOf(call.at), cost.usd);
}
