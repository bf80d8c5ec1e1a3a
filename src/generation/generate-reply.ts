import { ProviderError } from '../providers/model-provider.ts';
import { groundedSystemPrompt } from '../knowledge/grounding.ts';
import { consultKnowledgeBase, toSource } from './knowledge-step.ts';
import type { ReplyRequest, ToolSpec } from '../providers/model-provider.ts';
import { conversationFor, withFiles } from '../replies/conversation.ts';
import { OutageBudget } from './outage-budget.ts';
import { ReplyAborted } from './running-replies.ts';
import { ReplyInProgress } from './reply-in-progress.ts';
import { runSteps } from './tool-steps.ts';
import { earlierTurnOf, waitForApproval } from './approval-wait.ts';
import type { GenerationDeps } from './generation-deps.ts';
import { endGeneration, endingFor, type GenerationEnding, type GenerationRun } from './generation-ending.ts';
import { ReplyBudget } from '../costs/reply-budget.ts';
import type { TraceCarrier } from '../tracing/tracing.ts';
import { describeGeneration, generationSpan } from './generation-span.ts';

/**
 * Generates one assistant message: claims it, streams the model's reply into its event log, flushes the
 * text to the database in batches, and ends it (completed, cancelled or failed) exactly once. No HTTP
 * connection is involved: subscribers come and go on the log. Its span continues the trace `trace`
 * names (the request that asked for the reply).
 */
export async function generateReply(deps: GenerationDeps, messageId: string, trace?: TraceCarrier): Promise<void> {
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
    await generateClaimed(deps, messageId, startedAt, controller, budgets, trace);
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
  trace: TraceCarrier | undefined,
): Promise<void> {
  const { messages } = deps;
  const stored = (await budgets.database.run(() => messages.findById(messageId)))!;
  const chat = await budgets.database.run(() => deps.chats.findById(stored.chat_id));
  const conversation = await budgets.database.run(async () => withFiles(conversationFor(await messages.listForChat(stored.chat_id), stored), deps.attachments));
  const span = generationSpan(deps.tracing, trace, stored);
  try {
    await writeReply(deps, { messageId, stored, chat, conversation, startedAt, budgets, attempts: 1, span }, controller);
  } finally {
    span.end();
  }
}

/** The claimed reply's turn: its knowledge search, its steps (the model, then its tools), and its ending. */
async function writeReply(deps: GenerationDeps, run: GenerationRun, controller: AbortController): Promise<void> {
  const { messages, eventLog, clock, settings } = deps;
  const { messageId, stored, chat, conversation, startedAt, budgets, span } = run;
  const abort = (cause: ReplyAborted['reason']) => controller.abort(new ReplyAborted(cause));
  const timeout = setTimeout(() => abort('timeout'), settings.timeoutMs);
  deps.running.add(messageId, controller);
  deps.metrics.activeGenerations.inc();
  // A reply that waited for an approval goes on from what its earlier turn wrote.
  const earlier = earlierTurnOf(stored);
  const reply = new ReplyInProgress(
    { messages, eventLog, clock, metrics: deps.metrics, flushIntervalMs: settings.flushIntervalMs, budgets, abort },
    messageId,
    startedAt,
    earlier,
  );
  let ending: GenerationEnding | 'awaiting_approval';
  try {
    const model = deps.catalog.resolve(stored.model ?? '');
    if (!model) throw new ProviderError(`The model "${stored.model}" is not configured on this server.`, false);
    let system = chat?.system ?? null;
    let knowledge: ReplyRequest['knowledge'];
    if (chat?.knowledgeBase) {
      // Searched once per reply: a later turn finds the same passages again without saying so twice.
      const think = earlier ? async () => {} : async (step: string) => reply.think(step);
      const passages = await consultKnowledgeBase({ ...deps.knowledge, logger: deps.logger, span }, stored.user_id, conversation, think);
      if (!earlier) reply.addSources(passages.map(toSource));
      system = groundedSystemPrompt(system, passages);
      knowledge = { passages };
    }
    const request: ReplyRequest = { model: model.name, system, messages: conversation, signal: controller.signal, ...(knowledge ? { knowledge } : {}) };
    const budget = await ReplyBudget.open({ ...deps.costs, logger: deps.logger }, stored, request, () => abort('budget'));
    if (controller.signal.aborted) {
      // Stopped before the model was asked (the prompt alone would cross the budget): nothing was spent.
      reply.usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, cacheWriteTokens: 0 };
      throw controller.signal.reason;
    }
    const counted = (source: string, outcome: 'done' | 'failed' | 'denied') => deps.metrics.toolCalls.inc({ source, outcome });
    const outcome = await runSteps({ tools: deps.tools, settings, counted }, reply, {
      provider: model.provider,
      request,
      offered: chat?.tools ?? [],
      clientTools: stored.client_tools === null ? [] : (JSON.parse(stored.client_tools) as ToolSpec[]),
      userId: stored.user_id,
      decisions: earlier ? await budgets.database.run(() => deps.decisions.of(messageId)) : new Map(),
      observe: (part) => budget?.take(part),
      span,
      onRetry: (attempt) => {
        run.attempts = attempt;
        span.event('retry', { 'hotline.provider.attempt': attempt });
        reply.think(`Retrying… (attempt ${attempt} of ${settings.providerAttempts})`);
      },
    });
    await reply.settled();
    ending = outcome === 'completed' ? { status: 'completed', error: null } : outcome;
  } catch (caught) {
    const error = controller.signal.aborted ? controller.signal.reason : caught;
    ending = endingFor(error, settings.timeoutMs);
    if (ending.status === 'failed' && !(error instanceof ReplyAborted)) {
      deps.logger.warn({ messageId, err: error instanceof ProviderError ? error.cause : error }, 'generation failed');
    }
  } finally {
    clearTimeout(timeout);
    reply.reportTokens();
    deps.running.delete(messageId);
    deps.metrics.activeGenerations.dec();
  }

  await deps.endings.next();
  await reply.stop();
  let lost = controller.signal.reason instanceof ReplyAborted && controller.signal.reason.reason === 'lost';
  if (ending === 'awaiting_approval') {
    // The turn ends here, and the job with it: no worker is held while the user decides.
    if (!lost && (await waitForApproval(deps, messageId, reply, budgets))) {
      describeGeneration(run, reply, { status: 'awaiting_approval', error: null, finishReason: reply.finishReason, cost: undefined });
      return;
    }
    lost = true;
    ending = { status: 'cancelled', error: null };
  }
  await endGeneration(deps, run, reply, lost ? 'lost' : ending);
}

const iso = (ms: number) => new Date(ms).toISOString();
