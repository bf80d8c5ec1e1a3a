import type { ServerResponse } from 'node:http';

const dimensions = 256;

/**
 * OpenAI's `/v1/embeddings`, for the hybrid retrieval tests: a deterministic bag of hashed word stems.
 * It carries no meaning beyond shared words, which is all a test needs to see the re-ranking run.
 */
export function sendEmbeddings(res: ServerResponse, body: unknown): void {
  const input = (body as { input?: unknown } | undefined)?.input;
  const texts = Array.isArray(input) ? input.map(String) : typeof input === 'string' ? [input] : [];
  const data = texts.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) }));
  const tokens = texts.reduce((sum, t) => sum + (t.match(/\S+/g)?.length ?? 0), 0);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({ object: 'list', data, model: (body as { model?: string }).model ?? 'fake', usage: { prompt_tokens: tokens, total_tokens: tokens } }),
  );
}

function embed(text: string): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []) {
    const stem = word.replace(/(ing|ed|es|s)$/, '');
    let hash = 2166136261;
    for (let i = 0; i < stem.length; i++) hash = Math.imul(hash ^ stem.charCodeAt(i), 16777619);
    vector[(hash >>> 0) % dimensions]! += 1;
  }
  const norm = Math.sqrt(vector.reduce((s, v) => s + v * v, 0)) || 1;
  return vector.map((v) => v / norm);
}
