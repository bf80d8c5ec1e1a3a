import type { Logger } from 'pino';
import type { Config } from '../config.ts';

const cacheMs = 10 * 60_000;
const timeoutMs = 3_000;

/** The usual models of each provider, offered when its own list can't be read. */
const usual = { openai: ['gpt-4o-mini', 'gpt-4o'], anthropic: ['claude-sonnet-4-5', 'claude-haiku-4-5'] };

/**
 * The models this server can serve, for the model picker: each configured provider's own list
 * (OpenAI-compatible `GET /models`, Anthropic's models list), read at most every ten minutes, and the
 * offline model. A provider whose list can't be read offers its usual models instead.
 */
export class ModelDirectory {
  private cached: { at: number; models: Promise<string[]> } | undefined;

  constructor(
    private readonly config: Pick<Config, 'openai' | 'anthropic' | 'defaultModel'>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  list(): Promise<string[]> {
    if (!this.cached || this.now() - this.cached.at > cacheMs) this.cached = { at: this.now(), models: this.read() };
    return this.cached.models;
  }

  private async read(): Promise<string[]> {
    const { openai, anthropic } = this.config;
    const lists = await Promise.all([
      openai
        ? this.fetchIds('openai', `${openai.baseUrl ?? 'https://api.openai.com/v1'}/models`, openai.apiKey ? { authorization: `Bearer ${openai.apiKey}` } : {})
        : [],
      anthropic
        ? this.fetchIds('anthropic', `${anthropic.baseUrl ?? 'https://api.anthropic.com/v1'}/models?limit=100`, {
            'anthropic-version': '2023-06-01',
            ...(anthropic.apiKey ? { 'x-api-key': anthropic.apiKey } : {}),
          })
        : [],
    ]);
    return [...new Set([this.config.defaultModel, ...lists.flat(), 'offline'])];
  }

  private async fetchIds(provider: 'openai' | 'anthropic', url: string, headers: Record<string, string>): Promise<string[]> {
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { data?: Array<{ id?: unknown }> };
      const ids = (body.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === 'string');
      return ids.sort().map((id) => `${provider}:${id}`);
    } catch (error) {
      this.logger.warn({ provider, err: error }, 'the provider’s model list could not be read; offering its usual models');
      return usual[provider].map((id) => `${provider}:${id}`);
    }
  }
}

/** A model id as people read it: "gpt-4o-mini · OpenAI", "Offline model". */
export function friendlyModelName(id: string): string {
  if (id === 'offline') return 'Offline model';
  const [provider, ...rest] = id.split(':');
  const name = rest.join(':');
  const by = provider === 'openai' ? 'OpenAI' : provider === 'anthropic' ? 'Anthropic' : provider;
  return `${name} · ${by}`;
}
