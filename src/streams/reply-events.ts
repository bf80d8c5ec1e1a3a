import { z } from 'zod';

/**
 * The events of one reply's log, as the generation job appends them and every subscriber reads them.
 * The runtime schema guards the boundary where events come back from outside the process (Redis).
 */

export const usageSchema = z.object({
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  cachedInputTokens: z.number().nullable(),
  /** Absent from logs written before reasoning was read. */
  reasoningTokens: z.number().nullable().default(null),
});

/** What a reply cost (costs/reply-cost.ts); null for a model with no price. */
export const costSchema = z.object({ usd: z.number(), estimated: z.boolean() }).nullable();

export const sourceSchema = z.object({
  title: z.string(),
  excerpt: z.string(),
  relevance: z.number(),
  documentId: z.string().optional(),
  url: z.string().nullable().optional(),
  rank: z.number().optional(),
});

export const replyEventSchema = z.discriminatedUnion('type', [
  /** `n`: the step's index among the reply's steps, so a log written again (re-seeded) repeats none. */
  z.object({ type: z.literal('thinking'), step: z.string(), n: z.number().int().min(0).optional() }),
  z.object({ type: z.literal('sources'), sources: z.array(sourceSchema) }),
  /**
   * `at`: the position where this delta starts (reply-parts.ts). A log is a cache of the stored reply that can be
   * lost and written again; with its place in the text, a delta read from any log, old or re-seeded,
   * lands exactly where it belongs. Without it (logs written before it existed), a delta follows the
   * one before it in the same log.
   */
  z.object({ type: z.literal('delta'), text: z.string(), at: z.number().int().min(0).optional() }),
  /**
   * The model's own reasoning, placed like a delta (see reply-parts.ts: reasoning and text share one line
   * of positions). `ms`: how long the model had been reasoning in this part when it wrote this piece.
   */
  z.object({ type: z.literal('reasoning'), text: z.string(), at: z.number().int().min(0), ms: z.number().min(0).optional() }),
  /**
   * A tool call the model wrote whole, placed like a delta: it takes one position (reply-parts.ts).
   * `approval`: the call waits for the user's decision before it runs.
   */
  z.object({
    type: z.literal('tool-call'),
    at: z.number().int().min(0),
    toolCallId: z.string(),
    name: z.string(),
    input: z.unknown(),
    approval: z.boolean().optional(),
  }),
  /** A tool's answer to a call (`output`), or why there is none (`error`, `"denied"` when the user refused it); one position. */
  z.object({
    type: z.literal('tool-result'),
    at: z.number().int().min(0),
    toolCallId: z.string(),
    name: z.string(),
    output: z.unknown().optional(),
    error: z.string().optional(),
  }),
  /** State, like a thinking step: the call waits for the user's decision. */
  z.object({ type: z.literal('approval'), toolCallId: z.string(), name: z.string(), input: z.unknown() }),
  /**
   * The user decided on a call that waited: from here on it waits no longer, though its result comes only once the
   * reply's next turn has run the tool. Readers stop being told of the wait (an AI SDK client would take it for a new one).
   */
  z.object({ type: z.literal('decided'), toolCallId: z.string() }),
  z.object({
    type: z.literal('done'),
    status: z.enum(['completed', 'cancelled']),
    finishReason: z.string().nullable(),
    usage: usageSchema,
    /** Absent from logs written before costs were counted. */
    cost: costSchema.optional(),
  }),
  z.object({ type: z.literal('error'), status: z.literal('failed'), message: z.string() }),
  /** Only in a chat's log (`chat:<id>`, see streams/chat-log.ts): a message was added to the chat. */
  z.object({ type: z.literal('message'), messageId: z.string() }),
  /** Only in a chat's log: the chat itself changed (deleted, its current path moved, its title or settings). */
  z.object({ type: z.literal('chat'), change: z.enum(['deleted', 'path', 'details']) }),
]);

/** A reply's usage as the API shows it. */
export type Usage = z.infer<typeof usageSchema>;

/**
 * A model call's usage as it is billed: also the input tokens it wrote to the provider's prompt cache,
 * which Anthropic bills above the input price (OpenAI caches for free and reports none). Stored for the
 * price, never shown: the API's usage is `Usage`.
 */
export type BilledUsage = Usage & { cacheWriteTokens: number | null };

/** The usage the API shows of a billed one. */
export const shownUsage = ({ inputTokens, outputTokens, cachedInputTokens, reasoningTokens }: Usage): Usage => ({
  inputTokens,
  outputTokens,
  cachedInputTokens,
  reasoningTokens,
});
export type Source = z.infer<typeof sourceSchema>;
export type ReplyCost = z.infer<typeof costSchema>;
export type ReplyEvent = z.infer<typeof replyEventSchema>;
export type TerminalEvent = Extract<ReplyEvent, { type: 'done' | 'error' }>;

export const isTerminal = (event: ReplyEvent): event is TerminalEvent => event.type === 'done' || event.type === 'error';

export const emptyUsage: BilledUsage = { inputTokens: null, outputTokens: null, cachedInputTokens: null, reasoningTokens: null, cacheWriteTokens: null };
