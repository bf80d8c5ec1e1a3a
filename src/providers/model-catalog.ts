import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
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

  constructor(
    config: Pick<Config, 'openai' | 'anthropic' | 'defaultModel'> & { generation: { offlineTokensPerSecond: number } },
  ) {
    this.defaultModel = config.defaultModel;
    this.providers.set('offline', offlineModel(config.generation.offlineTokensPerSecond));
    if (config.openai) {
      // `.chat()`: the chat-completions API, which every OpenAI-compatible server speaks (the Responses API is OpenAI's alone).
      if (config.openai.client === 'direct') {
        this.providers.set('openai', openAiChatStream(config.openai));
      } else {
        const openai = createOpenAI({ apiKey: config.openai.apiKey ?? 'not-needed', baseURL: config.openai.baseUrl });
        this.providers.set('openai', aiSdkProvider((name) => openai.chat(name)));
      }
    }
    if (config.anthropic) {
      const anthropic = createAnthropic({ apiKey: config.anthropic.apiKey ?? 'not-needed', baseURL: config.anthropic.baseUrl });
      const { thinkingBudget } = config.anthropic;
      const thinking = thinkingBudget ? { anthropic: { thinking: { type: 'enabled', budgetTokens: thinkingBudget } } } : undefined;
      this.providers.set('anthropic', aiSdkProvider((name) => anthropic(name), thinking));
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
