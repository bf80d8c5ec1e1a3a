import type { LogEvent } from 'kysely';
import pino, { type Logger } from 'pino';
import { MemoryEventLog } from './adapters/event-log/memory.ts';
import { MemoryJobQueue } from './adapters/queue/memory.ts';
import { MemoryStopSignals } from './adapters/stop-signals/memory.ts';
import { UserStore } from './accounts/user-store.ts';
import { ChatStore } from './chats/chat-store.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { openDatabase, type Db } from './db/database.ts';
import type { GenerationDeps } from './generation/generate-reply.ts';
import type { JobQueue } from './generation/job-queue.ts';
import { RunningReplies } from './generation/running-replies.ts';
import type { StopSignals } from './generation/stop-signals.ts';
import { createIdGenerator, type IdGenerator } from './ids.ts';
import { MessageStore } from './messages/message-store.ts';
import { Metrics } from './metrics.ts';
import { ModelCatalog } from './providers/model-catalog.ts';
import type { EventLog } from './streams/event-log.ts';

/**
 * Everything one Hotline process holds, wired once from the configuration. The adapters (store, event
 * log, queue, stop signals) are chosen here and nowhere else.
 */
export interface Hotline {
  config: Config;
  logger: Logger;
  clock: Clock;
  newId: IdGenerator;
  metrics: Metrics;
  db: Db;
  users: UserStore;
  chats: ChatStore;
  messages: MessageStore;
  eventLog: EventLog;
  queue: JobQueue;
  stopSignals: StopSignals;
  catalog: ModelCatalog;
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

export async function createHotline(config: Config, options: HotlineOptions = {}): Promise<Hotline> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const db = await openDatabase(config.database, options.onQuery);
  const metrics = new Metrics();
  const messages = new MessageStore(db.kysely, db.dialect);
  const chats = new ChatStore(db.kysely);
  const eventLog = new MemoryEventLog();
  const stopSignals = new MemoryStopSignals();
  const catalog = new ModelCatalog(config);
  const running = new RunningReplies();
  const generation: GenerationDeps = {
    messages,
    chats,
    eventLog,
    catalog,
    stopSignals,
    running,
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
    users: new UserStore(db.kysely),
    chats,
    messages,
    eventLog,
    queue: new MemoryJobQueue(config.generation.concurrency),
    stopSignals,
    catalog,
    running,
    generation,
  };
}

/** Stops taking jobs, interrupts what still runs after the grace period, and closes every connection. */
export async function closeHotline(hotline: Hotline, graceMs = 5_000): Promise<void> {
  await hotline.queue.close(graceMs);
  hotline.running.abortAll('shutdown');
  await hotline.queue.close(1_000);
  await hotline.stopSignals.close();
  await hotline.eventLog.close();
  await hotline.db.close();
}
