/** Turns texts into vectors, for re-ranking lexical candidates by meaning (the hybrid mode). */
export interface Embedder {
  embed(texts: string[]): Promise<number[][]>;
}

/** Any OpenAI-compatible `/embeddings` endpoint (OpenAI, Ollama, vLLM, llama.cpp…). */
export function openAiEmbedder(options: { apiKey: string | undefined; baseUrl: string | undefined; model: string }): Embedder {
  // Loaded at the first embedding, not at start-up, like the AI SDK's chat clients.
  const client = Promise.all([import('@ai-sdk/openai'), import('ai')]).then(([{ createOpenAI }, { embedMany }]) => ({
    model: createOpenAI({ apiKey: options.apiKey ?? 'not-needed', baseURL: options.baseUrl }).embedding(options.model),
    embedMany,
  }));
  return {
    async embed(texts) {
      const { model, embedMany } = await client;
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
