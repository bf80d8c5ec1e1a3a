import type { LogEvent } from 'kysely';
import pino, { type Logger } from 'pino';
import { MemoryEventLog } from './adapters/event-log/memory.ts';
import { RedisEventLog } from './adapters/event-log/redis.ts';
import { MemoryReplyLeases } from './adapters/leases/memory.ts';
import { RedisReplyLeases } from './adapters/leases/redis.ts';
import { BullJobQueue } from './adapters/queue/bullmq.ts';
import { MemoryJobQueue } from './adapters/queue/memory.ts';
import { ChannelHub } from './adapters/redis/channel-hub.ts';
import { RedisConnections } from './adapters/redis/connections.ts';
import { MemoryStopSignals } from './adapters/stop-signals/memory.ts';
import { RedisStopSignals } from './adapters/stop-signals/redis.ts';
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
import { DocumentStore } from './knowledge/document-store.ts';
import { openAiEmbedder } from './knowledge/embeddings.ts';
import { Metrics } from './metrics.ts';
import { ModelCatalog } from './providers/model-catalog.ts';
import { ModelDirectory } from './providers/model-directory.ts';
import type { EventLog } from './streams/event-log.ts';

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
  eventLog: EventLog;
  queue: JobQueue;
  stopSignals: StopSignals;
  leases: ReplyLeases;
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
  queue: JobQueue;
  stopSignals: StopSignals;
  leases: ReplyLeases;
}

function embeddedAdapters(config: Config): Adapters {
  return {
    eventLog: new MemoryEventLog(),
    queue: new MemoryJobQueue(config.generation.concurrency),
    stopSignals: new MemoryStopSignals(),
    leases: new MemoryReplyLeases(),
  };
}

function redisAdapters(config: Config, redis: RedisConnections): Adapters {
  const hub = new ChannelHub(redis.subscriber);
  return {
    eventLog: new RedisEventLog(redis.commands, hub),
    queue: new BullJobQueue(redis, config.generation.concurrency),
    stopSignals: new RedisStopSignals(redis.commands, hub),
    leases: new RedisReplyLeases(redis.commands),
  };
}

export async function createHotline(config: Config, options: HotlineOptions = {}): Promise<Hotline> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const db = await openDatabase(config.database, options.onQuery);
  const redis = config.redisUrl ? new RedisConnections(config.redisUrl) : undefined;
  const adapters = redis ? redisAdapters(config, redis) : embeddedAdapters(config);
  const metrics = new Metrics();
  const messages = new MessageStore(db.kysely, db.dialect);
  const chats = new ChatStore(db.kysely);
  const documents = new DocumentStore(db.kysely, db.dialect);
  const embedder = config.embeddingsModel
    ? openAiEmbedder({ apiKey: config.openai?.apiKey, baseUrl: config.openai?.baseUrl, model: config.embeddingsModel })
    : undefined;
  const catalog = new ModelCatalog(config);
  const running = new RunningReplies();
  const generation: GenerationDeps = {
    messages,
    chats,
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
  await hotline.eventLog.close();
  await hotline.redis?.close();
  await hotline.db.close();
}
