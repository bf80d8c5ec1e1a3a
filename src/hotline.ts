import type { Kysely, LogEvent } from 'kysely';
import pino, { type Logger } from 'pino';
import { chooseAdapters } from './adapters/adapters.ts';
import type { RedisConnections } from './adapters/redis/connections.ts';
import type { Store } from './adapters/store/open-store.ts';
import { UserStore } from './accounts/user-store.ts';
import { ChatStore } from './chats/chat-store.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { EndingTurns } from './generation/ending-turns.ts';
import type { GenerationDeps } from './generation/generation-deps.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import type { ReplyLeases } from './jobs/reply-leases.ts';
import { RunningReplies } from './generation/running-replies.ts';
import type { StopSignals } from './jobs/stop-signals.ts';
import { createIdGenerator, type IdGenerator } from './ids.ts';
import { MessageStore } from './messages/message-store.ts';
import { ToolDecisionStore } from './messages/tool-decision-store.ts';
import { AttachmentStore, type AttachmentTables } from './attachments/attachment-store.ts';
import { DocumentStore } from './knowledge/document-store.ts';
import { Metrics } from './metrics.ts';
import { ModelCatalog } from './providers/model-catalog.ts';
import type { RateCounter } from './limits/rate-counter.ts';
import { ModelDirectory } from './providers/model-directory.ts';
import type { EventLog } from './streams/event-log.ts';
import type { SubscriptionSlots } from './streams/subscription-slots.ts';
import { builtInTools } from './tools/built-in-tools.ts';
import { ToolRegistry } from './tools/tool-registry.ts';
import { Budgets } from './costs/budgets.ts';
import { Prices } from './costs/prices.ts';
import { SpendingLedger } from './costs/spending-ledger.ts';
import { openTracing } from './tracing/open-tracing.ts';
import type { Tracing } from './tracing/tracing.ts';

/**
 * Everything one Hotline process holds, wired once from the configuration (the adapters behind it are
 * chosen in `adapters/adapters.ts`).
 */
export interface Hotline {
  config: Config;
  logger: Logger;
  clock: Clock;
  newId: IdGenerator;
  metrics: Metrics;
  /** Traces (HTTP requests, generations, tool calls), exported when OTEL_EXPORTER_OTLP_ENDPOINT is set; else a no-op. */
  tracing: Tracing;
  db: Store;
  /** Set in the scale-out mode (REDIS_URL). */
  redis: RedisConnections | undefined;
  users: UserStore;
  chats: ChatStore;
  messages: MessageStore;
  documents: DocumentStore;
  /** Files sent with messages. */
  attachments: AttachmentStore;
  eventLog: EventLog;
  /** Per-user quotas (messages, chats per minute): in this process, or in Redis when scaled out. */
  rateCounter: RateCounter;
  queue: JobQueue;
  stopSignals: StopSignals;
  leases: ReplyLeases;
  /** Each user's open streams, counted over every protocol and process. */
  subscriptions: SubscriptionSlots;
  catalog: ModelCatalog;
  /** The models the providers list, for the model picker. */
  modelDirectory: ModelDirectory;
  running: RunningReplies;
  /** The tools replies may call: built-ins and the MCP servers' (connected once per process). */
  tools: ToolRegistry;
  /** The user's decisions on tool calls that wait for approval. */
  toolDecisions: ToolDecisionStore;
  generation: GenerationDeps;
  /** Model prices (the shipped table and HOTLINE_PRICES). */
  prices: Prices;
  /** Each user's monthly budget and spending. */
  budgets: Budgets;
}

export interface HotlineOptions {
  clock?: Clock;
  newId?: IdGenerator;
  logger?: Logger;
  /** Sees every database query: tests count writes with it. */
  onQuery?: (event: LogEvent) => void;
}

export async function createHotline(config: Config, options: HotlineOptions = {}): Promise<Hotline> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const { store: db, adapters, redis } = await chooseAdapters(config, clock, options.onQuery);
  const metrics = new Metrics();
  const tracing = await openTracing({ ...config.tracing, role: config.role });
  metrics.countQueued = () => adapters.queue.waiting();
  const messages = new MessageStore(db.kysely, db.dialect);
  const chats = new ChatStore(db.kysely);
  const documents = new DocumentStore(db.kysely, db.searchIndex);
  // The store sees only its own table (so the attachments folder depends on nothing of the database's).
  const attachments = new AttachmentStore(db.kysely as unknown as Kysely<AttachmentTables>);
  const embedder = config.embeddingsModel
    ? (await import('./knowledge/embeddings.ts')).openAiEmbedder({
        apiKey: config.openai?.apiKey,
        baseUrl: config.openai?.baseUrl,
        model: config.embeddingsModel,
      })
    : undefined;
  const catalog = new ModelCatalog(config);
  const running = new RunningReplies();
  const knowledge = { documents, embedder };
  const toolDecisions = new ToolDecisionStore(db.kysely);
  let tools: ToolRegistry;
  try {
    tools = await ToolRegistry.open(config.tools, builtInTools({ clock, knowledge }), logger);
  } catch (error) {
    await db.close();
    await redis?.close();
    throw error;
  }
  const prices = new Prices(config.costs.prices);
  const budgets = new Budgets(db.kysely, new SpendingLedger(db.kysely, db.dialect), config.costs.budgetUsdPerMonth);
  const generation: GenerationDeps = {
    messages,
    chats,
    attachments,
    knowledge,
    tools,
    decisions: toolDecisions,
    eventLog: adapters.eventLog,
    catalog,
    stopSignals: adapters.stopSignals,
    leases: adapters.leases,
    running,
    endings: new EndingTurns(),
    clock,
    logger,
    metrics,
    tracing,
    costs: { prices, budgets, db: db.kysely },
    settings: {
      timeoutMs: config.generation.timeoutMs,
      providerAttempts: config.generation.providerAttempts,
      retryBaseMs: config.generation.retryBaseMs,
      flushIntervalMs: config.generation.flushIntervalMs,
      retentionMs: config.streams.retentionMs,
      storageOutageMs: config.generation.storageOutageMs,
      maxSteps: config.tools.maxSteps,
    },
  };
  return {
    config,
    logger,
    clock,
    newId: options.newId ?? createIdGenerator(() => clock.now()),
    metrics,
    tracing,
    db,
    redis,
    users: new UserStore(db.kysely),
    chats,
    messages,
    documents,
    attachments,
    ...adapters,
    catalog,
    modelDirectory: new ModelDirectory(config, logger, () => clock.now()),
    running,
    tools,
    toolDecisions,
    generation,
    prices,
    budgets,
  };
}

/**
 * Graceful stop: takes no new jobs, lets running replies finish for up to `graceMs`, then ends the rest
 * `failed` ("interrupted") with what they have, and closes every connection.
 */
export async function closeHotline(hotline: Hotline, graceMs = 5_000): Promise<void> {
  const drained = hotline.queue.close();
  const within = (ms: number) => Promise.race([drained, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
  await within(graceMs);
  hotline.running.abortAll('shutdown');
  await within(2_000);
  await hotline.stopSignals.close();
  await hotline.leases.close();
  await hotline.subscriptions.close();
  await hotline.eventLog.close();
  await hotline.tools.close();
  await hotline.redis?.close();
  await hotline.db.close();
  // Last: the spans of the replies that just ended go out before the process does.
  await hotline.tracing.close();
}
