import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('has embedded defaults that need nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      database: { kind: 'sqlite', path: 'data/hotline.db' },
      redisUrl: undefined,
      role: 'all',
      defaultModel: 'offline',
      rateLimits: { enabled: true, messagesPerMinute: 10, streamsPerUser: 3, subscriptionsPerUser: 100 },
      limits: { maxContentBytes: 65536, maxDocumentBytes: 5 * 1024 * 1024, maxAttachmentBytes: 10 * 1024 * 1024 },
      textOnlyModels: [],
      generation: { timeoutMs: 90_000, flushIntervalMs: 250, providerAttempts: 3 },
    });
    expect(config.streams.keepAliveMs).toBeLessThanOrEqual(15_000);
  });

  it('reads the text-only models as a comma-separated list of ids', () => {
    expect(loadConfig({ HOTLINE_TEXT_ONLY_MODELS: 'openai:llama3.1, openai:qwen2.5 ,' }).textOnlyModels).toEqual(['openai:llama3.1', 'openai:qwen2.5']);
  });

  it('reads sqlite: and postgres:// database URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db' }).database).toEqual({ kind: 'sqlite', path: '/tmp/x.db' });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
  });

  it('picks the default model from the configured provider', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x' }).defaultModel).toBe('openai:gpt-4o-mini');
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).defaultModel).toBe('openai:gpt-4o-mini');
    expect(loadConfig({ ANTHROPIC_API_KEY: 'k' }).defaultModel).toBe('anthropic:claude-sonnet-4-5');
    expect(loadConfig({ OPENAI_API_KEY: 'k', HOTLINE_MODEL: 'offline' }).defaultModel).toBe('offline');
  });

  it('reads the allowed origins as exact origins, the default port left out as browsers send them', () => {
    expect(loadConfig({}).allowedOrigins).toEqual([]);
    expect(loadConfig({ HOTLINE_ALLOWED_ORIGINS: 'https://chat.example.com:443, http://LOCALHOST:5173' }).allowedOrigins).toEqual([
      'https://chat.example.com',
      'http://localhost:5173',
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ HOTLINE_ROLE: 'both' }, 'HOTLINE_ROLE'],
    [{ HOTLINE_MODEL: 'gpt-4o' }, 'HOTLINE_MODEL'],
    [{ HOTLINE_MODEL: 'openai:gpt-4o' }, 'HOTLINE_MODEL'],
    [{ HOTLINE_RATE_LIMITS: 'maybe' }, 'HOTLINE_RATE_LIMITS'],
    [{ OPENAI_BASE_URL: 'not a url' }, 'OPENAI_BASE_URL'],
    [{ HOTLINE_FLUSH_INTERVAL_MS: '-5' }, 'HOTLINE_FLUSH_INTERVAL_MS'],
    [{ HOTLINE_SUBSCRIPTIONS_PER_USER: '0' }, 'HOTLINE_SUBSCRIPTIONS_PER_USER'],
    [{ HOTLINE_ALLOWED_ORIGINS: 'chat.example.com' }, 'HOTLINE_ALLOWED_ORIGINS'],
    [{ HOTLINE_ALLOWED_ORIGINS: 'https://chat.example.com/app' }, 'HOTLINE_ALLOWED_ORIGINS'],
    [{ HOTLINE_ALLOWED_ORIGINS: 'https://chat.example.com/' }, 'HOTLINE_ALLOWED_ORIGINS'],
    [{ HOTLINE_ALLOWED_ORIGINS: 'https://a.example, ftp://b.example' }, 'HOTLINE_ALLOWED_ORIGINS'],
    [{ HOTLINE_ALLOWED_ORIGINS: 'https://user@chat.example.com' }, 'HOTLINE_ALLOWED_ORIGINS'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_BSP_SCHEDULE_DELAY: 'soon' }, 'OTEL_BSP_SCHEDULE_DELAY'],
  ])('stops on a bad value with one line naming the variable: %o', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(variable);
      expect(message).not.toContain('\n');
    }
  });
});
