import type { Turn } from '../providers/model-provider.ts';
import type { DocumentStore, StoredChunk } from './document-store.ts';
import { cosine, type Embedder } from './embeddings.ts';
import { excerptOf } from './excerpt.ts';
import { contentWords, stem, stemsOf } from './terms.ts';

export interface Passage {
  title: string;
  excerpt: string;
  /** In [0, 1]: the share of the question's words the passage contains (blended with meaning when hybrid). */
  relevance: number;
  documentId: string;
  url: string | null;
  rank: number;
  /** The whole chunk, for the model; not stored with the message. */
  text: string;
}

export interface RetrievalDeps {
  documents: DocumentStore;
  embedder: Embedder | undefined;
}

const candidatesWanted = 20;
const perDocument = 2;
// A passage sharing less than this with the question is noise, not a source; nor is one far below the best.
const minRelevance = 0.12;
const minShareOfBest = 0.4;

/**
 * The passages of a user's knowledge base that best answer the last question of a conversation. A short
 * follow-up ("and for contractors?") is read in the light of the question before it. Only this user's
 * documents are ever searched.
 */
export async function retrievePassages(deps: RetrievalDeps, userId: string, conversation: Turn[], limit = 4): Promise<Passage[]> {
  const questions = conversation.filter((t) => t.role === 'user').map((t) => t.content);
  const question = questions.at(-1) ?? '';
  let words = contentWords(question);
  if (words.length < 5 && questions.length > 1) words = [...new Set([...words, ...contentWords(questions.at(-2)!)])];
  const candidates = await deps.documents.search(userId, words, candidatesWanted);
  const chunks = new Map(
    (
      await deps.documents.chunks(
        userId,
        candidates.map((c) => c.chunkId),
      )
    ).map((c) => [c.id, c]),
  );
  const questionStems = new Set(contentWords(question).map(stem));
  const contextStems = new Set(words.map(stem));

  let scored = candidates
    .map((c) => chunks.get(c.chunkId))
    .filter((chunk): chunk is StoredChunk => chunk !== undefined)
    .map((chunk) => ({ chunk, relevance: coverage(questionStems.size > 0 ? questionStems : contextStems, chunk) }));
  if (deps.embedder && scored.length > 0) scored = await blendMeaning(deps, question, scored);

  const best = Math.max(0, ...scored.map((s) => s.relevance));
  const perDoc = new Map<string, number>();
  const passages: Passage[] = [];
  for (const { chunk, relevance } of scored) {
    if (relevance < minRelevance || relevance < best * minShareOfBest || passages.length >= limit) continue;
    const count = perDoc.get(chunk.document_id) ?? 0;
    if (count >= perDocument) continue;
    perDoc.set(chunk.document_id, count + 1);
    passages.push({
      title: chunk.document_title,
      excerpt: excerptOf(chunk.text, contextStems),
      relevance: Math.round(relevance * 100) / 100,
      documentId: chunk.document_id,
      url: chunk.document_url,
      rank: passages.length + 1,
      text: chunk.text,
    });
  }
  return passages;
}

function coverage(questionStems: Set<string>, chunk: StoredChunk): number {
  if (questionStems.size === 0) return 0;
  const passage = stemsOf(`${chunk.heading} ${chunk.text}`);
  let found = 0;
  for (const s of questionStems) if (passage.has(s)) found++;
  return found / questionStems.size;
}

/** Hybrid: half the share of words, half the cosine of meaning; re-sorted on the blend. */
async function blendMeaning(
  deps: RetrievalDeps,
  question: string,
  scored: Array<{ chunk: StoredChunk; relevance: number }>,
): Promise<Array<{ chunk: StoredChunk; relevance: number }>> {
  const missing = scored.filter((s) => !s.chunk.embedding);
  const vectors = await deps.embedder!.embed([question, ...missing.map((s) => `${s.chunk.heading}\n${s.chunk.text}`)]);
  const [questionVector] = vectors;
  await Promise.all(missing.map((s, i) => deps.documents.saveEmbedding(s.chunk.id, vectors[i + 1]!)));
  const embeddingOf = new Map(missing.map((s, i) => [s.chunk.id, vectors[i + 1]!]));
  return scored
    .map(({ chunk, relevance }) => {
      const vector = embeddingOf.get(chunk.id) ?? (JSON.parse(chunk.embedding!) as number[]);
      return { chunk, relevance: 0.5 * relevance + 0.5 * Math.max(0, cosine(questionVector!, vector)) };
    })
    .sort((a, b) => b.relevance - a.relevance);
}
