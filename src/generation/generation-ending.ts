import type { Chat } from '../chats/chat-store.ts';
import { writeChatTitle } from '../chats/chat-title.ts';
import type { Ending } from '../messages/message-store.ts';
import type { MessageRow } from '../messages/message.ts';
import type { Turn } from '../providers/model-provider.ts';
import { classifyProviderError } from '../providers/provider-errors.ts';
import { endReply } from '../replies/end-reply.ts';
import { StorageUnavailable, storageUnavailableMessage } from '../storage-outage.ts';
import type { GenerationDeps } from './generation-deps.ts';
import type { OutageBudget } from './outage-budget.ts';
import type { ReplyInProgress } from './reply-in-progress.ts';
import { ReplyAborted } from './running-replies.ts';
import { interruptedMessage } from './stale-sweep.ts';
import { costOfReply } from '../costs/reply-costing.ts';
import { recordTitleCost } from '../costs/title-cost.ts';
import type { Span } from '../tracing/tracing.ts';
import { describeGeneration } from './generation-span.ts';

/** How a job's reply ends; `finishReason` when the ending says why (the budget), over the model's. */
export type GenerationEnding = Pick<Ending, 'status' | 'error'> & { finishReason?: string };

export interface GenerationRun {
  messageId: string;
  stored: MessageRow;
  chat: Chat | undefined;
  conversation: Turn[];
  startedAt: number;
  budgets: { database: OutageBudget; log: OutageBudget };
  /** Provider attempts so far (a retry counts up). */
  attempts: number;
  /** The job's span: the ending describes the generation on it. */
  span: Span;
}

/**
 * Ends what a job generated: the reply, stored with everything it has (unless it was `lost`: ended
 * under the job by a Stop or a sweep, which then wrote its ending), the chat's title after its first
 * answer, and the job's metric, span and log line.
 */
export async function endGeneration(deps: GenerationDeps, run: GenerationRun, reply: ReplyInProgress, ending: GenerationEnding | 'lost'): Promise<void> {
  const { messages, eventLog, clock, settings } = deps;
  const { messageId, stored, chat, startedAt } = run;
  const endedAt = clock.now();
  const { finishReason, usage } = reply;
  const contents = reply.contents();
  const prompt = { system: chat?.system ?? null, messages: run.conversation };
  const costing = ending === 'lost' ? undefined : await costOfReply(deps.costs.prices, stored.model, [usage], prompt, contents);
  const cost = costing?.cost;
  const endedFor =
    ending === 'lost' ? null : (ending.finishReason ?? (ending.status === 'completed' ? finishReason : ending.status === 'cancelled' ? 'stop' : null));
  const ended =
    ending !== 'lost' &&
    (await endReply(
      { messages, eventLog, retentionMs: settings.retentionMs, budgets: run.budgets, spending: deps.costs.budgets.ledger },
      messageId,
      {
        ...ending,
        ...contents,
        finishReason: endedFor,
        usage,
        cost,
        countedTokens: costing?.tokens ?? null,
        firstTokenMs: reply.timeToFirstTokenMs,
        durationMs: endedAt - startedAt,
        completedAt: new Date(endedAt).toISOString(),
      },
      { logged: reply.loggedLength },
    ));
  const outcome = ended ? ending.status : 'superseded';
  describeGeneration(run, reply, { status: outcome, error: ended ? ending.error : null, finishReason: ended ? endedFor : null, cost });
  // The title is the chat's, written after the reply: the reply's span ends without it.
  run.span.end();
  // The chat's first answer is in: a chat made without a title gets one now, in the background of its readers.
  if (ended && ending.status === 'completed' && chat) {
    const title = await writeChatTitle(deps, chat.id, chat.model, run.conversation.at(-1)?.content ?? '');
    const { prices, budgets, db } = deps.costs;
    const call = { id: `title-${messageId}`, userId: stored.user_id, model: chat.model, at: new Date(clock.now()).toISOString() };
    if (title)
      await recordTitleCost({ db, prices, ledger: budgets.ledger }, call, title).catch((error: unknown) =>
        deps.logger.warn({ messageId, err: error }, 'the title’s cost could not be recorded'),
      );
  }
  deps.metrics.generations.inc({ outcome });
  if (ended && cost) deps.metrics.costUsd.inc({ model: stored.model ?? '' }, cost.usd);
  deps.logger.info(
    {
      messageId,
      chatId: stored.chat_id,
      model: stored.model,
      outcome,
      finishReason,
      attempts: run.attempts,
      timeToFirstTokenMs: reply.timeToFirstTokenMs,
      durationMs: endedAt - startedAt,
      characters: reply.length,
      ...usage,
      costUsd: cost?.usd ?? null,
    },
    'generation',
  );
}

/** How a job that stopped early ends its reply: cancelled by a Stop, or failed with a reason safe to show. */
export function endingFor(error: unknown, timeoutMs: number): GenerationEnding {
  if (error instanceof StorageUnavailable) return { status: 'failed', error: storageUnavailableMessage };
  if (error instanceof ReplyAborted) {
    if (error.reason === 'stop' || error.reason === 'lost') return { status: 'cancelled', error: null };
    if (error.reason === 'budget') return { status: 'cancelled', error: null, finishReason: 'budget' };
    if (error.reason === 'storage') return { status: 'failed', error: storageUnavailableMessage };
    if (error.reason === 'timeout') return { status: 'failed', error: `The reply took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.` };
    return { status: 'failed', error: interruptedMessage };
  }
  return { status: 'failed', error: classifyProviderError(error).safeMessage };
}
