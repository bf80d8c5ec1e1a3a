import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseMcpServers, type McpServerSetting } from './mcp-servers-setting.ts';

/**
 * All configuration comes from environment variables, parsed once at start-up.
 * A bad value stops start-up with one line that names the variable (see `ConfigError`).
 */

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const onOff = (fallback: 'on' | 'off') =>
  z
    .enum(['on', 'off', 'true', 'false', '1', '0'])
    .default(fallback)
    .transform((v) => ['on', 'true', '1'].includes(v));
const optionalUrl = z.url().optional();

const envSchema = z.object({
  PORT: int(3000).pipe(z.number().max(65535)),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^(sqlite:|postgres(ql)?:\/\/)/.test(v), {
      message: 'must be sqlite:<path> or postgres://…',
    }),
  REDIS_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^rediss?:\/\//.test(v), { message: 'must be redis://…' }),
  HOTLINE_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  HOTLINE_TRUST_PROXY: onOff('off'),
  HOTLINE_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v, ctx) => parseOrigins(v ?? '', ctx)),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: optionalUrl,
  HOTLINE_OPENAI_CLIENT: z.enum(['direct', 'ai-sdk']).default('direct'),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: optionalUrl,
  HOTLINE_ANTHROPIC_THINKING_BUDGET: z.coerce.number().int().min(1024).optional(),
  HOTLINE_EMBEDDINGS_MODEL: z.string().optional(),
  HOTLINE_MODEL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || v === 'offline' || /^[a-z]+:.+/.test(v), {
      message: 'must be provider:model, e.g. openai:gpt-4o-mini, or offline',
    }),
  HOTLINE_RATE_LIMITS: onOff('on'),
  HOTLINE_MESSAGES_PER_MINUTE: int(10, 1),
  HOTLINE_STREAMS_PER_USER: int(3, 1),
  HOTLINE_CHATS_PER_MINUTE: int(20, 1),
  HOTLINE_SUBSCRIPTIONS_PER_USER: int(100, 1),
  HOTLINE_AUTH_ATTEMPTS_PER_MINUTE: int(30, 1),
  HOTLINE_MAX_CONTENT_BYTES: int(64 * 1024, 1),
  HOTLINE_MAX_DOCUMENT_BYTES: int(5 * 1024 * 1024, 1),
  HOTLINE_MAX_ATTACHMENT_BYTES: int(10 * 1024 * 1024, 1),
  HOTLINE_TEXT_ONLY_MODELS: z.string().optional(),
  HOTLINE_QUEUE_CONCURRENCY: int(1000, 1),
  HOTLINE_QUEUE_LIMIT: int(1000),
  HOTLINE_JOB_TIMEOUT_MS: int(90_000, 1),
  HOTLINE_PROVIDER_ATTEMPTS: int(3, 1),
  HOTLINE_RETRY_BASE_MS: int(500),
  HOTLINE_FLUSH_INTERVAL_MS: int(250, 1),
  HOTLINE_STORAGE_OUTAGE_MS: int(30_000),
  HOTLINE_LOG_RETENTION_MS: int(5 * 60_000),
  HOTLINE_KEEPALIVE_MS: int(10_000, 10),
  HOTLINE_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  HOTLINE_CABLE_NAME_TTL_MS: int(60 * 60_000, 1),
  HOTLINE_SLOW_SUBSCRIBER_TIMEOUT_MS: int(10_000, 1),
  HOTLINE_STALE_AFTER_MS: int(5 * 60_000, 1),
  HOTLINE_SHUTDOWN_GRACE_MS: int(10_000),
  HOTLINE_STALE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1).optional(),
  HOTLINE_OFFLINE_TOKENS_PER_SECOND: int(30, 1),
  HOTLINE_MCP_SERVERS: z.string().optional(),
  HOTLINE_MAX_STEPS: int(8, 1),
  HOTLINE_TOOL_TIMEOUT_MS: int(30_000, 1),
  HOTLINE_MAX_TOOL_OUTPUT_BYTES: int(64 * 1024, 1),
  HOTLINE_APPROVAL_TTL_MS: int(24 * 60 * 60_000, 1),
  HOTLINE_PRICES: z
    .string()
    .optional()
    .transform((v, ctx) => parsePrices(v, ctx)),
  HOTLINE_BUDGET_USD_PER_MONTH: z.coerce.number().min(0).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }).optional(),
  OTEL_BSP_SCHEDULE_DELAY: int(5_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  redisUrl: string | undefined;
  role: 'all' | 'web' | 'worker';
  /** Behind a reverse proxy: take the client IP (for rate limits) from X-Forwarded-For, the origin from X-Forwarded-Proto/-Host. */
  trustProxy: boolean;
  /** Origins besides the app's own whose pages may open its WebSockets. */
  allowedOrigins: string[];
  /**
   * `client`: how chat-completions streams are read: `direct` (node:http, Hotline's own parser: the
   * cheapest per token) or `ai-sdk` (the AI SDK's OpenAI client).
   */
  openai: { apiKey: string | undefined; baseUrl: string | undefined; client: 'direct' | 'ai-sdk' } | undefined;
  /** `thinkingBudget`: tokens of extended thinking per model call; unset, the model does not think aloud. */
  anthropic: { apiKey: string | undefined; baseUrl: string | undefined; thinkingBudget: number | undefined } | undefined;
  defaultModel: string;
  /** An OpenAI-compatible embeddings model name: turns on hybrid retrieval. */
  embeddingsModel: string | undefined;
  rateLimits: {
    enabled: boolean;
    messagesPerMinute: number;
    chatsPerMinute: number;
    streamsPerUser: number;
    /** Streams of every kind one user may hold open at once, over every process. */
    subscriptionsPerUser: number;
    authAttemptsPerMinute: number;
  };
  limits: { maxContentBytes: number; maxDocumentBytes: number; maxAttachmentBytes: number };
  /** Models that take no image input (the offline model never does). */
  textOnlyModels: string[];
  generation: {
    concurrency: number;
    /** Replies that may wait for a free slot; past them a new reply is refused (503). */
    queueLimit: number;
    timeoutMs: number;
    providerAttempts: number;
    retryBaseMs: number;
    flushIntervalMs: number;
    /** How long a generation job waits out unreachable storage before its reply fails. */
    storageOutageMs: number;
    offlineTokensPerSecond: number;
  };
  streams: { retentionMs: number; keepAliveMs: number; slowSubscriberTimeoutMs: number };
  stale: { afterMs: number; sweepIntervalMs: number };
  /** Signs Action Cable stream names; unset: one made at first start and kept in the database. */
  secret: string | undefined;
  /** How long a signed Action Cable stream name is good for. */
  cableNameTtlMs: number;
  tools: {
    mcpServers: McpServerSetting[];
    /** Model calls a reply may make (each step: the model, then the tools it called). */
    maxSteps: number;
    timeoutMs: number;
    maxOutputBytes: number;
    /** How long a call waits for the user's decision before it counts as denied. */
    approvalTtlMs: number;
  };
  /** On SIGTERM, how long running replies may go on before they end as interrupted. */
  shutdownGraceMs: number;
  logLevel: string;
  /** `otlpEndpoint` set: traces are exported there by OTLP/HTTP, every `exportDelayMs` at most. */
  tracing: { otlpEndpoint: string | undefined; exportDelayMs: number };
  /** `prices`: per million tokens, over the shipped table; `budgetUsdPerMonth`: per user, unset for none. */
  costs: { prices: Record<string, ModelPriceConfig>; budgetUsdPerMonth: number | undefined };
}

export interface ModelPriceConfig {
  input: number;
  cachedInput?: number;
  cacheWrite?: number;
  output: number;
  reasoning?: number;
}

export function loadConfig(env: Env): Config {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = envSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid configuration: ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const openai = e.OPENAI_API_KEY || e.OPENAI_BASE_URL ? { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, client: e.HOTLINE_OPENAI_CLIENT } : undefined;
  const anthropic =
    e.ANTHROPIC_API_KEY || e.ANTHROPIC_BASE_URL
      ? { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL, thinkingBudget: e.HOTLINE_ANTHROPIC_THINKING_BUDGET }
      : undefined;
  const defaultModel = e.HOTLINE_MODEL ?? (openai ? 'openai:gpt-4o-mini' : anthropic ? 'anthropic:claude-sonnet-4-5' : 'offline');
  if (defaultModel.startsWith('openai:') && !openai) {
    throw new ConfigError('Invalid configuration: HOTLINE_MODEL: an openai: model needs OPENAI_API_KEY or OPENAI_BASE_URL');
  }
  if (defaultModel.startsWith('anthropic:') && !anthropic) {
    throw new ConfigError('Invalid configuration: HOTLINE_MODEL: an anthropic: model needs ANTHROPIC_API_KEY');
  }
  if (e.HOTLINE_EMBEDDINGS_MODEL && !openai) {
    throw new ConfigError('Invalid configuration: HOTLINE_EMBEDDINGS_MODEL: embeddings need OPENAI_API_KEY or OPENAI_BASE_URL');
  }
  if (!/^(offline|openai:|anthropic:)/.test(defaultModel)) {
    throw new ConfigError('Invalid configuration: HOTLINE_MODEL: the provider must be openai, anthropic or offline');
  }
  let mcpServers: McpServerSetting[];
  try {
    mcpServers = parseMcpServers(e.HOTLINE_MCP_SERVERS);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: HOTLINE_MCP_SERVERS: ${(error as Error).message}`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL),
    redisUrl: e.REDIS_URL,
    role: e.HOTLINE_ROLE,
    trustProxy: e.HOTLINE_TRUST_PROXY,
    allowedOrigins: e.HOTLINE_ALLOWED_ORIGINS,
    openai,
    anthropic,
    defaultModel,
    embeddingsModel: e.HOTLINE_EMBEDDINGS_MODEL?.replace(/^openai:/, ''),
    rateLimits: {
      enabled: e.HOTLINE_RATE_LIMITS,
      messagesPerMinute: e.HOTLINE_MESSAGES_PER_MINUTE,
      chatsPerMinute: e.HOTLINE_CHATS_PER_MINUTE,
      streamsPerUser: e.HOTLINE_STREAMS_PER_USER,
      subscriptionsPerUser: e.HOTLINE_SUBSCRIPTIONS_PER_USER,
      authAttemptsPerMinute: e.HOTLINE_AUTH_ATTEMPTS_PER_MINUTE,
    },
    limits: {
      maxContentBytes: e.HOTLINE_MAX_CONTENT_BYTES,
      maxDocumentBytes: e.HOTLINE_MAX_DOCUMENT_BYTES,
      maxAttachmentBytes: e.HOTLINE_MAX_ATTACHMENT_BYTES,
    },
    textOnlyModels: (e.HOTLINE_TEXT_ONLY_MODELS ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
    generation: {
      concurrency: e.HOTLINE_QUEUE_CONCURRENCY,
      queueLimit: e.HOTLINE_QUEUE_LIMIT,
      timeoutMs: e.HOTLINE_JOB_TIMEOUT_MS,
      providerAttempts: e.HOTLINE_PROVIDER_ATTEMPTS,
      retryBaseMs: e.HOTLINE_RETRY_BASE_MS,
      flushIntervalMs: e.HOTLINE_FLUSH_INTERVAL_MS,
      storageOutageMs: e.HOTLINE_STORAGE_OUTAGE_MS,
      offlineTokensPerSecond: e.HOTLINE_OFFLINE_TOKENS_PER_SECOND,
    },
    streams: {
      retentionMs: e.HOTLINE_LOG_RETENTION_MS,
      keepAliveMs: e.HOTLINE_KEEPALIVE_MS,
      slowSubscriberTimeoutMs: e.HOTLINE_SLOW_SUBSCRIBER_TIMEOUT_MS,
    },
    stale: {
      afterMs: e.HOTLINE_STALE_AFTER_MS,
      // Scaled out, a worker can die on its own; its replies must end within seconds, not a minute.
      sweepIntervalMs: e.HOTLINE_STALE_SWEEP_INTERVAL_MS ?? (e.REDIS_URL ? 2_000 : 60_000),
    },
    secret: e.HOTLINE_SECRET,
    cableNameTtlMs: e.HOTLINE_CABLE_NAME_TTL_MS,
    tools: {
      mcpServers,
      maxSteps: e.HOTLINE_MAX_STEPS,
      timeoutMs: e.HOTLINE_TOOL_TIMEOUT_MS,
      maxOutputBytes: e.HOTLINE_MAX_TOOL_OUTPUT_BYTES,
      approvalTtlMs: e.HOTLINE_APPROVAL_TTL_MS,
    },
    shutdownGraceMs: e.HOTLINE_SHUTDOWN_GRACE_MS,
    logLevel: e.LOG_LEVEL,
    tracing: { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, exportDelayMs: e.OTEL_BSP_SCHEDULE_DELAY },
    costs: { prices: e.HOTLINE_PRICES, budgetUsdPerMonth: e.HOTLINE_BUDGET_USD_PER_MONTH },
  };
}

/** `scheme://host[:port]` origins, comma-separated, each exactly an origin: no path, query or credentials. */
function parseOrigins(list: string, ctx: z.RefinementCtx): string[] {
  const origins: string[] = [];
  for (const text of list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const url = URL.parse(text);
    const bare = url && /^https?:$/.test(url.protocol) && url.href === `${url.origin}/` && !text.endsWith('/');
    if (!bare) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not an origin like https://chat.example.com:8443` });
      return z.NEVER;
    }
    origins.push(url.origin);
  }
  return origins;
}

const dollars = z.number().min(0);
const priceList = z.record(
  z.string().regex(/^(offline|[a-z]+:.+)$/, 'a model id is provider:model'),
  z.strictObject({ input: dollars, cachedInput: dollars.optional(), cacheWrite: dollars.optional(), output: dollars, reasoning: dollars.optional() }),
);

/** `HOTLINE_PRICES`: a JSON object, or the path of a JSON file holding one. */
function parsePrices(value: string | undefined, ctx: z.RefinementCtx): Record<string, ModelPriceConfig> {
  if (!value) return {};
  let text = value;
  if (!value.trimStart().startsWith('{')) {
    if (!existsSync(value)) {
      ctx.addIssue({ code: 'custom', message: `neither a JSON object nor a file: ${value}` });
      return z.NEVER;
    }
    text = readFileSync(value, 'utf8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
    return z.NEVER;
  }
  const parsed = priceList.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    ctx.addIssue({
      code: 'custom',
      message: `${issue.path.join('.')}: ${issue.message} (prices are {"provider:model": {"input", "cachedInput"?, "cacheWrite"?, "output", "reasoning"?}} in USD per million tokens)`,
    });
    return z.NEVER;
  }
  return parsed.data;
}

function parseDatabaseUrl(url: string | undefined): DatabaseConfig {
  if (!url) return { kind: 'sqlite', path: 'data/hotline.db' };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!path) throw new ConfigError('Invalid configuration: DATABASE_URL: sqlite: needs a path, e.g. sqlite:data/hotline.db');
    return { kind: 'sqlite', path };
  }
  return { kind: 'postgres', url };
}
