import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { AttachmentStore } from '../attachments/attachment-store.ts';
import type { ChatStore } from '../chats/chat-store.ts';
import { writeChatTitle } from '../chats/chat-title.ts';
import type { Clock } from '../clock.ts';
import type { Metrics } from '../metrics.ts';
import type { Ending, MessageStore } from '../messages/message-store.ts';
import type { ModelCatalog } from '../providers/model-catalog.ts';
import { ProviderError } from '../providers/model-provider.ts';
import { classifyProviderError } from '../providers/provider-errors.ts';
import type { EventLog } from '../streams/event-log.ts';
import { emptyUsage, type Source, type Usage } from '../streams/reply-events.ts';
import { groundedSystemPrompt } from '../knowledge/grounding.ts';
import type { RetrievalDeps } from '../knowledge/retrieve.ts';
import { consultKnowledgeBase, toSource } from './knowledge-step.ts';
import type { ReplyRequest } from '../providers/model-provider.ts';
import { conversationFor, withFiles } from './conversation.ts';
import { endReply } from './end-reply.ts';
import type { EndingTurns } from './ending-turns.ts';
import { ProgressFlusher } from './progress-flusher.ts';
import type { ReplyLeases } from './reply-leases.ts';
import { OutageBudget } from './outage-budget.ts';
import { ReplyLogWriter } from './reply-log-writer.ts';
import { ReplyAborted, type RunningReplies } from './running-replies.ts';
import { ReplyTranscript } from '../streams/reply-parts.ts';
import { seedEvents } from '../streams/reply-seed.ts';
import { StorageUnavailable, storageUnavailableMessage } from '../storage-outage.ts';
import { interruptedMessage } from './stale-sweep.ts';
import type { StopSignals } from './stop-signals.ts';

export interface GenerationDeps {
  messages: MessageStore;
  chats: ChatStore;
  attachments: AttachmentStore;
  knowledge: RetrievalDeps;
  eventLog: EventLog;
  catalog: ModelCatalog;
  stopSignals: StopSignals;
  running: RunningReplies;
  endings: EndingTurns;
  leases: ReplyLeases;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  settings: {
    timeoutMs: number;
    providerAttempts: number;
    retryBaseMs: number;
    flushIntervalMs: number;
    retentionMs: number;
    /** How long the job waits out unreachable storage (the database, or Redis) before it fails the reply. */
    storageOutageMs: number;
  };
}

/**
 * Generates one assistant message: claims it, streams the model's reply into its event log, flushes the
 * text to the database in batches, and ends it (completed, cancelled or failed) exactly once. No HTTP
 * connection is involved: subscribers come and go on the log.
 */
export async function generateReply(deps: GenerationDeps, messageId: string): Promise<void> {
  const { messages, clock, settings } = deps;
  const startedAt = clock.now();
  // One budget per storage: Redis answering must not hide that the database has been out for too long.
  const budgets = { database: new OutageBudget(settings.storageOutageMs), log: new OutageBudget(settings.storageOutageMs) };
  // Listening and the lease come before the claim: a stop sent the moment the reply is claimed must
  // reach this job, and a sweep must never see the reply claimed and apparently jobless.
  const controller = new AbortController();
  const stopListening = deps.stopSignals.listen(messageId, () => controller.abort(new ReplyAborted('stop')));
  const release = await budgets.log.run(() => deps.leases.hold(messageId));
  try {
    if (!(await budgets.database.run(() => messages.claim(messageId, iso(startedAt))))) return;
    await generateClaimed(deps, messageId, startedAt, controller, budgets);
  } finally {
    stopListening();
    await release();
  }
}

async function generateClaimed(
  deps: GenerationDeps,
  messageId: string,
  startedAt: number,
  controller: AbortController,
  budgets: { database: OutageBudget; log: OutageBudget },
): Promise<void> {
  const { messages, eventLog, clock, settings } = deps;
  const reply = (await budgets.database.run(() => messages.findById(messageId)))!;
  const chat = await budgets.database.run(() => deps.chats.findById(reply.chat_id));
  const conversation = await budgets.database.run(async () => withFiles(conversationFor(await messages.listForChat(reply.chat_id), reply), deps.attachments));

  const abort = (cause: ReplyAborted['reason']) => controller.abort(new ReplyAborted(cause));
  const timeout = setTimeout(() => abort('timeout'), settings.timeoutMs);
  deps.running.add(messageId, controller);
  deps.metrics.activeGenerations.inc();

  const written = new ReplyTranscript();
  /** When the reasoning part being written started; undefined outside reasoning. */
  let reasoningSince: number | undefined;
  let firstTokenAt: number | undefined;
  let usage: Usage = emptyUsage;
  let finishReason: string | null = null;
  let attempts = 0;
  const thinking: string[] = [];
  let sources: Source[] | null = null;
  // Counted here and added to the metric with each flush: a metric update per token is a cost per token.
  let unreportedTokens = 0;
  const reportTokens = () => {
    if (unreportedTokens === 0) return;
    deps.metrics.tokensRelayed.inc(unreportedTokens);
    unreportedTokens = 0;
  };
  const log = new ReplyLogWriter(
    eventLog,
    messageId,
    budgets.log,
    () => ({ events: seedEvents({ parts: written.parts, thinking, sources }), length: written.length }),
    () => abort('storage'),
  );
  const flusher = new ProgressFlusher(
    async () => {
      reportTokens();
      try {
        return budgets.database.succeeded(await messages.saveProgress(messageId, { content: written.content, parts: written.storedParts, thinking, sources }, iso(clock.now())));
      } catch (error) {
        // A flush that fails is written again by the next one; only an outage past the budget ends the reply.
        try {
          budgets.database.failed(error);
        } catch (failure) {
          if (failure instanceof StorageUnavailable) abort('storage');
        }
        throw error;
      }
    },
    settings.flushIntervalMs,
    () => clock.now(),
    () => abort('lost'),
  );

  // A thinking step carries its index, so a reader can place it whether it comes from the log or the stored message.
  const think = async (step: string) => {
    log.write({ type: 'thinking', step, n: thinking.length });
    thinking.push(step);
    flusher.changed();
  };

  let ending: Pick<Ending, 'status' | 'error'>;
  try {
    const model = deps.catalog.resolve(reply.model ?? '');
    if (!model) throw new ProviderError(`The model "${reply.model}" is not configured on this server.`, false);
    let system = chat?.system ?? null;
    let knowledge: ReplyRequest['knowledge'];
    if (chat?.knowledgeBase) {
      const passages = await consultKnowledgeBase({ ...deps.knowledge, logger: deps.logger }, reply.user_id, conversation, think);
      sources = passages.map(toSource);
      log.write({ type: 'sources', sources });
      flusher.changed();
      system = groundedSystemPrompt(system, passages);
      knowledge = { passages };
    }
    for (;;) {
      attempts++;
      try {
        const parts = model.provider.streamReply({
          model: model.name,
          system,
          messages: conversation,
          signal: controller.signal,
          ...(knowledge ? { knowledge } : {}),
        });
        for await (const part of parts) {
          if (part.type === 'text' || part.type === 'reasoning') {
            if (firstTokenAt === undefined) {
              firstTokenAt = clock.now();
              deps.metrics.timeToFirstToken.observe((firstTokenAt - startedAt) / 1000);
            }
            if (part.type === 'text') {
              reasoningSince = undefined;
              log.write(written.text(part.text));
            } else {
              reasoningSince ??= clock.now();
              log.write(written.reasoning(part.text, clock.now() - reasoningSince));
            }
            unreportedTokens++;
            flusher.changed();
          } else {
            finishReason = part.finishReason;
            usage = part.usage;
          }
        }
        break;
      } catch (error) {
        if (controller.signal.aborted) throw controller.signal.reason;
        const failure = classifyProviderError(error);
        // Never after a token went out: a retry would start the text again under the reader's eyes.
        if (!failure.retryable || written.length > 0 || attempts >= settings.providerAttempts) throw failure;
        // Readers see why nothing is written yet, rather than an empty reply "writing".
        await think(`Retrying… (attempt ${attempts + 1} of ${settings.providerAttempts})`);
        await sleep(settings.retryBaseMs * 2 ** (attempts - 1), undefined, { signal: controller.signal });
      }
    }
    await log.settled();
    ending = { status: 'completed', error: null };
  } catch (caught) {
    const error = controller.signal.aborted ? controller.signal.reason : caught;
    ending = endingFor(error, settings.timeoutMs);
    if (ending.status === 'failed' && !(error instanceof ReplyAborted)) {
      deps.logger.warn({ messageId, err: error instanceof ProviderError ? error.cause : error }, 'generation failed');
    }
  } finally {
    clearTimeout(timeout);
    reportTokens();
    deps.running.delete(messageId);
    deps.metrics.activeGenerations.dec();
  }

  await deps.endings.next();
  await flusher.stop();
  // Every event goes in before the ending; what could not, the ending's top-up writes.
  await log.settled().catch(() => {});
  const endedAt = clock.now();
  const lost = controller.signal.reason instanceof ReplyAborted && controller.signal.reason.reason === 'lost';
  const ended =
    !lost &&
    (await endReply({ messages, eventLog, retentionMs: settings.retentionMs, budgets }, messageId, {
      ...ending,
      content: written.content,
      parts: written.storedParts,
      thinking,
      sources,
      finishReason: ending.status === 'completed' ? finishReason : ending.status === 'cancelled' ? 'stop' : null,
      usage,
      firstTokenMs: firstTokenAt === undefined ? null : firstTokenAt - startedAt,
      durationMs: endedAt - startedAt,
      completedAt: iso(endedAt),
    }, { logged: log.loggedLength }));
  // The chat's first answer is in: a chat made without a title gets one now, in the background of its readers.
  if (ended && ending.status === 'completed' && chat) {
    await writeChatTitle(deps, chat.id, chat.model, conversation.at(-1)?.content ?? '');
  }
  const outcome = ended ? ending.status : 'superseded';
  deps.metrics.generations.inc({ outcome });
  deps.logger.info(
    {
      messageId,
      chatId: reply.chat_id,
      model: reply.model,
      outcome,
      finishReason,
      attempts,
      timeToFirstTokenMs: firstTokenAt === undefined ? null : firstTokenAt - startedAt,
      durationMs: endedAt - startedAt,
      characters: written.length,
      ...usage,
    },
    'generation',
  );
}

function endingFor(error: unknown, timeoutMs: number): Pick<Ending, 'status' | 'error'> {
  if (error instanceof StorageUnavailable) return { status: 'failed', error: storageUnavailableMessage };
  if (error instanceof ReplyAborted) {
    if (error.reason === 'stop' || error.reason === 'lost') return { status: 'cancelled', error: null };
    if (error.reason === 'storage') return { status: 'failed', error: storageUnavailableMessage };
    if (error.reason === 'timeout')
      return { status: 'failed', error: `The reply took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.` };
    return { status: 'failed', error: interruptedMessage };
  }
  return { status: 'failed', error: classifyProviderError(error).safeMessage };
}

const iso = (ms: number) => new Date(ms).toISOString();
