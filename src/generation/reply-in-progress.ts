import type { Clock } from '../clock.ts';
import type { Ending, MessageStore } from '../messages/message-store.ts';
import type { Metrics } from '../metrics.ts';
import type { ModelPart } from '../providers/model-provider.ts';
import { StorageUnavailable } from '../storage-outage.ts';
import type { EventLog } from '../streams/event-log.ts';
import { emptyUsage, type BilledUsage, type Source } from '../streams/reply-events.ts';
import { ReplyTranscript, type StoredPart, type ToolCallPart } from '../streams/reply-parts.ts';
import { seedEvents } from '../streams/reply-seed.ts';
import type { OutageBudget } from './outage-budget.ts';
import { ProgressFlusher } from './progress-flusher.ts';
import { ReplyLogWriter } from './reply-log-writer.ts';

export interface ReplyInProgressDeps {
  messages: MessageStore;
  eventLog: EventLog;
  clock: Clock;
  metrics: Metrics;
  flushIntervalMs: number;
  budgets: { database: OutageBudget; log: OutageBudget };
  /** Told when the reply can no longer be written: its storage is gone past the budget, or it ended under the job. */
  abort(reason: 'storage' | 'lost'): void;
}

/**
 * The reply a generation job is writing: everything it has so far (its parts, knowledge steps, sources,
 * usage), written to the log as it comes and to the database in batches. Each piece goes to both
 * through here, so the two always add up to the same reply.
 */
export class ReplyInProgress {
  private readonly written: ReplyTranscript;
  private readonly thinking: string[];
  private sources: Source[] | null;
  /** When the reasoning part being written started; undefined outside reasoning. */
  private reasoningSince: number | undefined;
  private firstTokenAt: number | undefined;
  usage: BilledUsage = emptyUsage;
  finishReason: string | null = null;
  // Counted here and added to the metric with each flush: a metric update per token is a cost per token.
  private unreportedTokens = 0;
  private readonly log: ReplyLogWriter;
  private readonly flusher: ProgressFlusher;

  constructor(
    private readonly deps: ReplyInProgressDeps,
    private readonly messageId: string,
    private readonly startedAt: number,
    /** What an earlier turn of the job wrote (before it waited for an approval): this turn goes on from there. */
    earlier: { parts: StoredPart[]; thinking: string[]; sources: Source[] | null; usage: BilledUsage } | undefined = undefined,
  ) {
    const { budgets, clock } = deps;
    this.written = new ReplyTranscript(earlier?.parts ?? []);
    this.thinking = [...(earlier?.thinking ?? [])];
    this.sources = earlier?.sources ?? null;
    if (earlier) this.usage = earlier.usage;
    this.log = new ReplyLogWriter(
      deps.eventLog,
      messageId,
      budgets.log,
      () => ({ events: seedEvents({ parts: this.written.parts, thinking: this.thinking, sources: this.sources }), length: this.written.length }),
      () => deps.abort('storage'),
    );
    this.flusher = new ProgressFlusher(
      () => this.flush(),
      deps.flushIntervalMs,
      () => clock.now(),
      () => deps.abort('lost'),
    );
  }

  /** Whether any text or reasoning went out: after that, a provider attempt may not start over. */
  get started(): boolean {
    return this.written.length > 0;
  }

  get length(): number {
    return this.written.length;
  }

  get timeToFirstTokenMs(): number | null {
    return this.firstTokenAt === undefined ? null : this.firstTokenAt - this.startedAt;
  }

  /** A knowledge step or a notice; it carries its index, so a reader can place it from the log or the stored message. */
  think(step: string): void {
    this.log.write({ type: 'thinking', step, n: this.thinking.length });
    this.thinking.push(step);
    this.flusher.changed();
  }

  addSources(sources: Source[]): void {
    this.sources = sources;
    this.log.write({ type: 'sources', sources });
    this.flusher.changed();
  }

  /** The parts written so far, tool calls and results included. */
  get parts(): StoredPart[] {
    return this.written.parts;
  }

  /**
   * One part of the model's stream: a piece of text or reasoning, the reasoning's signature, a whole tool
   * call, or its finish (the usage of each model call adds up).
   */
  add(part: ModelPart, approval = false): void {
    if (part.type === 'finish') {
      this.finishReason = part.finishReason;
      this.usage = addUsage(this.usage, part.usage);
      return;
    }
    if (part.type === 'reasoning-signature') {
      // Stored with the reasoning, not logged: only the model is handed it back.
      this.written.sign(part.signature);
      this.reasoningSince = undefined;
      this.flusher.changed();
      return;
    }
    if (part.type === 'tool-call') {
      const { toolCallId, name, input } = part;
      this.log.write(this.written.tool({ type: 'tool-call', toolCallId, name, input, ...(approval ? { approval } : {}) }));
      this.flusher.changed();
      return;
    }
    const now = this.deps.clock.now();
    if (this.firstTokenAt === undefined) {
      this.firstTokenAt = now;
      this.deps.metrics.timeToFirstToken.observe((now - this.startedAt) / 1000);
    }
    if (part.type === 'text') {
      this.reasoningSince = undefined;
      this.log.write(this.written.text(part.text));
    } else {
      this.reasoningSince ??= now;
      this.log.write(this.written.reasoning(part.text, now - this.reasoningSince));
    }
    this.unreportedTokens++;
    this.flusher.changed();
  }

  /** A tool's answer to a call (or why there is none). */
  addToolResult(call: Pick<ToolCallPart, 'toolCallId' | 'name'>, outcome: { output: unknown } | { error: string }): void {
    this.log.write(this.written.tool({ type: 'tool-result', toolCallId: call.toolCallId, name: call.name, ...outcome }));
    this.flusher.changed();
  }

  /** What the database keeps while the reply waits for a decision: everything so far, and the usage of its model calls. */
  progress(): { content: string; parts: StoredPart[] | null; thinking: string[]; sources: Source[] | null; usage: BilledUsage } {
    return { content: this.written.content, parts: this.written.storedParts, thinking: this.thinking, sources: this.sources, usage: this.usage };
  }

  /** Resolves once every event written so far is in the log. */
  settled(): Promise<void> {
    return this.log.settled();
  }

  /** Stops the batched writes before the ending; what could not reach the log, the ending's top-up writes. */
  async stop(): Promise<void> {
    this.reportTokens();
    await this.flusher.stop();
    await this.log.settled().catch(() => {});
  }

  /** How much of the reply is known to be in the log, in positions. */
  get loggedLength(): number {
    return this.log.loggedLength;
  }

  /** What the ending stores of the reply itself. */
  contents(): Pick<Ending, 'content' | 'parts' | 'thinking' | 'sources'> {
    return { content: this.written.content, parts: this.written.storedParts, thinking: this.thinking, sources: this.sources };
  }

  reportTokens(): void {
    if (this.unreportedTokens === 0) return;
    this.deps.metrics.tokensRelayed.inc(this.unreportedTokens);
    this.unreportedTokens = 0;
  }

  private async flush(): Promise<boolean> {
    const { messages, budgets, clock } = this.deps;
    this.reportTokens();
    try {
      const progress = { content: this.written.content, parts: this.written.storedParts, thinking: this.thinking, sources: this.sources };
      return budgets.database.succeeded(await messages.saveProgress(this.messageId, progress, new Date(clock.now()).toISOString()));
    } catch (error) {
      // A flush that fails is written again by the next one; only an outage past the budget ends the reply.
      try {
        budgets.database.failed(error);
      } catch (failure) {
        if (failure instanceof StorageUnavailable) this.deps.abort('storage');
      }
      throw error;
    }
  }
}

const sum = (a: number | null, b: number | null): number | null => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

/** The usage of two model calls of one reply, together. */
export function addUsage(a: BilledUsage, b: BilledUsage): BilledUsage {
  if (a === emptyUsage) return b;
  return {
    inputTokens: sum(a.inputTokens, b.inputTokens),
    outputTokens: sum(a.outputTokens, b.outputTokens),
    cachedInputTokens: sum(a.cachedInputTokens, b.cachedInputTokens),
    reasoningTokens: sum(a.reasoningTokens, b.reasoningTokens),
    cacheWriteTokens: sum(a.cacheWriteTokens, b.cacheWriteTokens),
  };
}
