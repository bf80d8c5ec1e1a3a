import type { Logger } from 'pino';
import type { Source } from '../streams/reply-events.ts';
import { retrievePassages, type Passage, type RetrievalDeps } from '../knowledge/retrieve.ts';
import type { Turn } from '../providers/model-provider.ts';
import { genAi, genAiOperations } from '../tracing/gen-ai-attributes.ts';
import type { Span } from '../tracing/tracing.ts';

/**
 * The retrieval a reply does first when its chat uses the knowledge base, narrated as thinking steps:
 * searching, how many sources were found, writing. A search that fails is said so, and the reply goes on
 * without sources rather than failing. The search is a `retrieval` span under the reply's `span`.
 */
export async function consultKnowledgeBase(
  deps: RetrievalDeps & { logger: Logger; span: Span },
  userId: string,
  conversation: Turn[],
  think: (step: string) => Promise<void>,
): Promise<Passage[]> {
  await think('Searching the knowledge base');
  let passages: Passage[] = [];
  const search = deps.span.child(`${genAiOperations.retrieval} knowledge_base`, {
    attributes: { [genAi.operationName]: genAiOperations.retrieval, [genAi.dataSourceId]: 'knowledge_base' },
  });
  try {
    passages = await retrievePassages(deps, userId, conversation);
    search.set({ 'hotline.knowledge.passages': passages.length });
    await think(passages.length === 0 ? 'Found no relevant sources' : `Found ${passages.length} relevant source${passages.length === 1 ? '' : 's'}`);
  } catch (error) {
    deps.logger.error({ err: error }, 'knowledge base search failed');
    search.fail('search_failed', error instanceof Error ? error.message : undefined);
    await think('The knowledge base could not be searched');
  } finally {
    search.end();
  }
  await think('Writing the answer');
  return passages;
}

export const toSource = (p: Passage): Source => ({
  title: p.title,
  excerpt: p.excerpt,
  relevance: p.relevance,
  documentId: p.documentId,
  url: p.url,
  rank: p.rank,
});
