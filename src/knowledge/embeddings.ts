import { createOpenAI } from '@ai-sdk/openai';
import { embedMany } from 'ai';

/** Turns texts into vectors, for re-ranking lexical candidates by meaning (the hybrid mode). */
export interface Embedder {
  embed(texts: string[]): Promise<number[][]>;
}

/** Any OpenAI-compatible `/embeddings` endpoint (OpenAI, Ollama, vLLM, llama.cpp…). */
export function openAiEmbedder(options: { apiKey: string | undefined; baseUrl: string | undefined; model: string }): Embedder {
  const openai = createOpenAI({ apiKey: options.apiKey ?? 'not-needed', baseURL: options.baseUrl });
  const model = openai.embedding(options.model);
  return {
    async embed(texts) {
      const { embeddings } = await embedMany({ model, values: texts, maxRetries: 1 });
      return embeddings;
    },
  };
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
