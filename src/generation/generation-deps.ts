import type { Logger } from 'pino';
import type { AttachmentStore } from '../attachments/attachment-store.ts';
import type { ChatStore } from '../chats/chat-store.ts';
import type { Clock } from '../clock.ts';
import type { Metrics } from '../metrics.ts';
import type { MessageStore } from '../messages/message-store.ts';
import type { ModelCatalog } from '../providers/model-catalog.ts';
import type { EventLog } from '../streams/event-log.ts';
import type { RetrievalDeps } from '../knowledge/retrieve.ts';
import type { EndingTurns } from './ending-turns.ts';
import type { ReplyLeases } from '../jobs/reply-leases.ts';
import type { RunningReplies } from './running-replies.ts';
import type { ToolRegistry } from '../tools/tool-registry.ts';
import type { ToolDecisionStore } from '../messages/tool-decision-store.ts';
import type { StopSignals } from '../jobs/stop-signals.ts';
import type { CostDeps } from '../costs/cost-deps.ts';
import type { Tracing } from '../tracing/tracing.ts';

/** What the generation job uses, narrowly: the composition root (hotline.ts) hands it over. */
export interface GenerationDeps {
  messages: MessageStore;
  chats: ChatStore;
  attachments: AttachmentStore;
  knowledge: RetrievalDeps;
  tools: ToolRegistry;
  decisions: ToolDecisionStore;
  eventLog: EventLog;
  catalog: ModelCatalog;
  stopSignals: StopSignals;
  running: RunningReplies;
  endings: EndingTurns;
  leases: ReplyLeases;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  tracing: Pick<Tracing, 'start'>;
  costs: CostDeps;
  settings: {
    timeoutMs: number;
    providerAttempts: number;
    retryBaseMs: number;
    flushIntervalMs: number;
    retentionMs: number;
    /** How long the job waits out unreachable storage (the database, or Redis) before it fails the reply. */
    storageOutageMs: number;
    /** Model calls a reply may make. */
    maxSteps: number;
  };
}
