import type { Logger } from 'pino';
import type { ModelPart } from '../providers/model-provider.ts';
import type { Budgets } from './budgets.ts';
import { countPromptTokens, type SentPrompt } from './estimate-usage.ts';
import type { ModelPrice } from './price-table.ts';
import type { Prices } from './prices.ts';
import { TokenCounter } from './token-count.ts';
import { monthOf } from './spending-ledger.ts';

/** Output tokens a reservation covers at a time: fewer writes with more, less budget held idle with fewer. */
const tokensPerReservation = 128;

export interface ReplyBudgetDeps {
  budgets: Budgets;
  prices: Prices;
  logger: Logger;
}

/**
 * A streaming reply's share of its user's budget. The reply reserves budget ahead of what it spends (its
 * prompt, then output a block at a time, topped up from half-way through each block, so the next block
 * is usually there before it is needed); each piece of text or reasoning is counted as it arrives, and the
 * piece that takes the reply past what it could reserve stops it (`stop`), at once and synchronously, so
 * nothing after that piece is relayed. Reservations never grant past the budget, whatever other replies
 * and processes do at the same time; what a reply may spend past it is the piece that crossed it.
 */
export class ReplyBudget {
  private granted = 0;
  private spent = 0;
  /** The budget had less room than a reservation asked for: what is granted is all this reply gets. */
  private exhausted = false;
  private reserving: Promise<void> | undefined;

  private constructor(
    private readonly deps: ReplyBudgetDeps,
    private readonly reply: { id: string; userId: string; month: string },
    private readonly limit: number,
    private readonly price: ModelPrice,
    private readonly counter: TokenCounter,
    private readonly stop: () => void,
  ) {}

  /**
   * The budget of a reply about to be sent to its model, its prompt already paid for; undefined when the
   * user has no budget or the model no price. `stop` is called at once when the prompt alone crosses it.
   */
  static async open(
    deps: ReplyBudgetDeps,
    reply: { id: string; user_id: string; created_at: string; model: string | null },
    prompt: SentPrompt,
    stop: () => void,
  ): Promise<ReplyBudget | undefined> {
    const price = deps.prices.of(reply.model);
    if (!price) return undefined;
    const limit = await deps.budgets.limitFor(reply.user_id);
    if (limit === null) return undefined;
    const counter = await new TokenCounter().ready();
    const budget = new ReplyBudget(deps, { id: reply.id, userId: reply.user_id, month: monthOf(reply.created_at) }, limit, price, counter, stop);
    const promptUsd = ((await countPromptTokens(prompt)) * price.input) / 1_000_000;
    budget.spent = promptUsd;
    await budget.reserve(promptUsd + budget.blockUsd);
    return budget;
  }

  /** Counts one part of the model's stream; the piece that crosses the budget stops the reply. */
  take(part: ModelPart): void {
    if (part.type === 'finish') return;
    const perMillion = part.type === 'reasoning' ? (this.price.reasoning ?? this.price.output) : this.price.output;
    this.spent += (this.counter.count(part.text) * perMillion) / 1_000_000;
    if (this.spent > this.granted && this.exhausted) return this.stop();
    if (this.spent > this.granted - this.blockUsd / 2) void this.reserve(this.blockUsd);
  }

  private get blockUsd(): number {
    return (tokensPerReservation * Math.max(this.price.output, this.price.reasoning ?? 0)) / 1_000_000;
  }

  private reserve(usd: number): Promise<void> {
    if (this.exhausted) return Promise.resolve();
    this.reserving ??= this.deps.budgets.ledger
      .reserve(this.reply, usd, this.limit)
      .then((granted) => {
        this.granted += granted;
        if (granted < usd) this.exhausted = true;
        if (this.exhausted && this.spent > this.granted) this.stop();
      })
      .catch((error: unknown) => this.deps.logger.warn({ messageId: this.reply.id, err: error }, 'budget reservation failed; tried again with the next piece'))
      .finally(() => (this.reserving = undefined));
    return this.reserving;
  }
}
