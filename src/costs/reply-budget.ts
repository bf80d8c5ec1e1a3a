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
 * is usually there before it is needed). Reservations never grant past the budget, whatever other replies
 * and processes do at the same time. Each piece of text or reasoning is counted as it arrives; once the
 * budget has no more to grant, the reply is stopped (`stop`, at once and synchronously, so nothing after
 * that piece is relayed) at the last piece after which another as large as any so far would not fit.
 * What a reply can spend past the budget is then one piece larger than all before it, and what the
 * provider sent before the abort reached it, which is never relayed.
 */
export class ReplyBudget {
  private granted = 0;
  private spent = 0;
  /** The budget had less room than a reservation asked for: what is granted is all this reply gets. */
  private exhausted = false;
  private largestPiece = 0;
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
    budget.stopIfSpent();
    return budget;
  }

  /** Counts one part of the model's stream; the piece that crosses the budget stops the reply. */
  take(part: ModelPart): void {
    // A signature is the provider's, not the model's writing: it is not billed.
    if (part.type === 'finish' || part.type === 'reasoning-signature') return;
    const perMillion = part.type === 'reasoning' ? (this.price.reasoning ?? this.price.output) : this.price.output;
    // A tool call's arguments are output tokens too.
    const text = part.type === 'tool-call' ? JSON.stringify(part.input ?? null) : part.text;
    const piece = (this.counter.count(text) * perMillion) / 1_000_000;
    this.spent += piece;
    this.largestPiece = Math.max(this.largestPiece, piece);
    if (this.exhausted) return this.stopIfSpent();
    // What the reply has already spent past its reservation (pieces that came while one was on its way) and a block more.
    if (this.spent > this.granted - this.blockUsd / 2) void this.reserve(Math.max(0, this.spent - this.granted) + this.blockUsd);
  }

  /** Once nothing more can be granted: stops the reply when the next piece would not fit in what it holds. */
  private stopIfSpent(): void {
    if (this.exhausted && this.spent + this.largestPiece >= this.granted) this.stop();
  }

  /** A block is also at most a twentieth of the budget, so that replies at once share a small budget fairly. */
  private get blockUsd(): number {
    return Math.min((tokensPerReservation * Math.max(this.price.output, this.price.reasoning ?? 0)) / 1_000_000, this.limit / 20);
  }

  private reserve(usd: number): Promise<void> {
    if (this.exhausted) return Promise.resolve();
    this.reserving ??= this.deps.budgets.ledger
      .reserve(this.reply, usd, this.limit)
      .then((granted) => {
        this.granted += granted;
        // The ledger rounds to a millionth of a cent: less than that short is all that was asked.
        if (granted < usd - 1e-8) this.exhausted = true;
        this.stopIfSpent();
      })
      .catch((error: unknown) => this.deps.logger.warn({ messageId: this.reply.id, err: error }, 'budget reservation failed; tried again with the next piece'))
      .finally(() => (this.reserving = undefined));
    return this.reserving;
  }
}
