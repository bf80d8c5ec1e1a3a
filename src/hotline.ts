import type { Kysely, LogEvent } from 'kysely';
import pino, { type Logger } from 'pino';
import { MemoryEventLog } from './adapters/event-log/memory.ts';
import { MemoryRateCounter } from './adapters/rate-counter/memory.ts';
import { MemoryReplyLeases } from './adapters/leases/memory.ts';
import { MemoryJobQueue } from './adapters/queue/memory.ts';
import type { RedisConnections } from './adapters/redis/connections.ts';
import { MemoryStopSignals } from './adapters/stop-signals/memory.ts';
import { MemorySubscriptionSlots } from './adapters/subscriptions/memory.ts';
import { UserStore } from './accounts/user-store.ts';
import { ChatStore } from './chats/chat-store.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { openDatabase, type Db } from './db/database.ts';
import { EndingTurns } from './generation/ending-turns.ts';
import type { GenerationDeps } from './generation/generate-reply.ts';
import type { JobQueue } from './generation/job-queue.ts';
import type { ReplyLeases } from './generation/reply-leases.ts';
import { RunningReplies } from './generation/running-replies.ts';
import type { StopSignals } from './generation/stop-signals.ts';
import { createIdGenerator, type IdGenerator } from './ids.ts';
import { MessageStore } from './messages/message-store.ts';
import { AttachmentStore, type AttachmentTables } from './attachments/attachment-store.ts';
import { DocumentStore } from './knowledge/document-store.ts';
import { Metrics } from './metrics.ts';
import { ModelCatalog } from './providers/model-catalog.ts';
import type { RateCounter } from './limits/rate-counter.ts';
import { ModelDirectory } from './providers/model-directory.ts';
import type { EventLog } from './streams/event-log.ts';
import type { SubscriptionSlots } from './streams/subscription-slots.ts';

/**
 * Everything one Hotline process holds, wired once from the configuration. The adapters (store, event
 * log, queue, stop signals, leases) are chosen here and nowhere else.
 */
export interface Hotline {
  config: Config;
  logger: Logger;
  clock: Clock;
  newId: IdGenerator;
  metrics: Metrics;
  db: Db;
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
  generation: GenerationDeps;
}

export interface HotlineOptions {
  clock?: Clock;
  newId?: IdGenerator;
  logger?: Logger;
  /** Sees every database query: tests count writes with it. */
  onQuery?: (event: LogEvent) => void;
}

interface Adapters {
  eventLog: EventLog;
  rateCounter: RateCounter;
  queue: JobQueue;
  stopSignals: StopSignals;
  leases: ReplyLeases;
  subscriptions: SubscriptionSlots;
}

function embeddedAdapters(config: Config, clock: Clock): Adapters {
  return {
    eventLog: new MemoryEventLog(),
    rateCounter: new MemoryRateCounter(clock),
    queue: new MemoryJobQueue(config.generation.concurrency),
    stopSignals: new MemoryStopSignals(),
    leases: new MemoryReplyLeases(),
    subscriptions: new MemorySubscriptionSlots(),
  };
}

export async function createHotline(config: Config, options: HotlineOptions = {}): Promise<Hotline> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const db = await openDatabase(config.database, options.onQuery);
  // The scale-out adapters (ioredis, BullMQ) are loaded only when configured: an embedded start stays lean.
  const { redis, adapters } = config.redisUrl
    ? (await import('./adapters/scale-out.ts')).redisAdapters(config, config.redisUrl)
    : { redis: undefined, adapters: embeddedAdapters(config, clock) };
  const metrics = new Metrics();
  metrics.countQueued = () => adapters.queue.waiting();
  const messages = new MessageStore(db.kysely, db.dialect);
  const chats = new ChatStore(db.kysely);
  const documents = new DocumentStore(db.kysely, db.dialect);
  // The store sees only its own table (so the attachments folder depends on nothing of the database's).
  const attachments = new AttachmentStore(db.kysely as unknown as Kysely<AttachmentTables>);
  const embedder = config.embeddingsModel
    ? (await import('./knowledge/embeddings.ts')).openAiEmbedder({ apiKey: config.openai?.apiKey, baseUrl: config.openai?.baseUrl, model: config.embeddingsModel })
    : undefined;
  const catalog = new ModelCatalog(config);
  const running = new RunningReplies();
  const generation: GenerationDeps = {
    messages,
    chats,
    attachments,
    knowledge: { documents, embedder },
    eventLog: adapters.eventLog,
    catalog,
    stopSignals: adapters.stopSignals,
    leases: adapters.leases,
    running,
    endings: new EndingTurns(),
    clock,
    logger,
    metrics,
    settings: {
      timeoutMs: config.generation.timeoutMs,
      providerAttempts: config.generation.providerAttempts,
      retryBaseMs: config.generation.retryBaseMs,
      flushIntervalMs: config.generation.flushIntervalMs,
      retentionMs: config.streams.retentionMs,
      storageOutageMs: config.generation.storageOutageMs,
    },
  };
  return {
    config,
    logger,
    clock,
    newId: options.newId ?? createIdGenerator(() => clock.now()),
    metrics,
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
    generation,
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
  await hotline.redis?.close();
  await hotline.db.close();
}
