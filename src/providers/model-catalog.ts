import type { Config } from '../config.ts';
import { aiSdkProvider } from './ai-sdk-provider.ts';
import type { ModelProvider } from './model-provider.ts';
import { openAiChatStream } from './openai-chat-stream.ts';
import { offlineModel } from './offline-model.ts';

export interface ResolvedModel {
  provider: ModelProvider;
  /** The name the provider knows the model by. */
  name: string;
}

/**
 * The configured providers, and the model ids (`provider:name`) they answer. Chosen once from the
 * configuration; the generation job never knows which provider it talks to.
 */
export class ModelCatalog {
  private readonly providers = new Map<string, ModelProvider>();

  constructor(config: Pick<Config, 'openai' | 'anthropic' | 'defaultModel'> & { generation: { offlineTokensPerSecond: number } }) {
    this.defaultModel = config.defaultModel;
    this.providers.set('offline', offlineModel(config.generation.offlineTokensPerSecond));
    if (config.openai) {
      // `.chat()`: the chat-completions API, which every OpenAI-compatible server speaks (the Responses API is OpenAI's alone).
      if (config.openai.client === 'direct') {
        this.providers.set('openai', openAiChatStream(config.openai));
      } else {
        const { apiKey, baseUrl } = config.openai;
        const openai = loadOnce(async () => (await import('@ai-sdk/openai')).createOpenAI({ apiKey: apiKey ?? 'not-needed', baseURL: baseUrl }));
        const documentInput = !baseUrl || new URL(baseUrl).hostname === 'api.openai.com';
        this.providers.set(
          'openai',
          aiSdkProvider(async (name) => (await openai()).chat(name), { documentInput }),
        );
      }
    }
    if (config.anthropic) {
      const { apiKey, baseUrl, thinkingBudget } = config.anthropic;
      const anthropic = loadOnce(async () => (await import('@ai-sdk/anthropic')).createAnthropic({ apiKey: apiKey ?? 'not-needed', baseURL: baseUrl }));
      const thinking = thinkingBudget ? { anthropic: { thinking: { type: 'enabled', budgetTokens: thinkingBudget } } } : undefined;
      this.providers.set(
        'anthropic',
        aiSdkProvider(async (name) => (await anthropic())(name), { ...(thinking ? { providerOptions: thinking } : {}), cachePoints: true }),
      );
    }
  }

  readonly defaultModel: string;

  resolve(modelId: string): ResolvedModel | undefined {
    if (modelId === 'offline') return { provider: this.providers.get('offline')!, name: 'offline' };
    const colon = modelId.indexOf(':');
    const provider = this.providers.get(modelId.slice(0, colon));
    const name = modelId.slice(colon + 1);
    return colon > 0 && provider && name.trim() ? { provider, name } : undefined;
  }

  /** Why a model id cannot be used here, or null when it can. */
  problemWith(modelId: string): string | null {
    if (this.resolve(modelId)) return null;
    const known = [...this.providers.keys()].map((p) => (p === 'offline' ? 'offline' : `${p}:<model>`)).join(', ');
    return `model "${modelId}" is not available; configured: ${known}`;
  }
}

/**
 * The AI SDK's clients are loaded when a reply first needs one, not at start-up: a server on the offline
 * model or the direct OpenAI client never loads them (a smaller, faster start).
 */
function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}
