import { afterAll, beforeAll, expect, it } from 'vitest';
import { chunkDocument } from '../../src/knowledge/chunking.ts';
import { retrievePassages } from '../../src/knowledge/retrieve.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { corpusDocuments, corpusQuestions } from './retrieval-corpus.ts';

let server: HotlineUnderTest;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_EMBEDDINGS_MODEL: 'openai:fake-embeddings' });
});
afterAll(() => server.close());

it('re-ranks lexical candidates by embedding similarity when an embeddings model is configured (hybrid)', async () => {
  const { hotline } = server;
  const user = (await hotline.users.create({ id: hotline.newId(), email: 'hybrid@example.com', passwordHash: 'x', createdAt: new Date().toISOString() }))!;
  for (const document of corpusDocuments) {
    const chunks = chunkDocument(document.title, document.text).map((c) => ({ id: hotline.newId(), ...c }));
    await hotline.documents.add(
      { id: hotline.newId(), user_id: user.id, title: document.title, url: null, type: 'markdown', created_at: new Date().toISOString() },
      chunks,
    );
  }
  const deps = hotline.generation.knowledge;
  expect(deps.embedder).toBeDefined();
  let hits = 0;
  for (const { question, source } of corpusQuestions) {
    const found = await retrievePassages(deps, user.id, [{ role: 'user', content: question }], 5);
    if (found.some((p) => p.title === source)) hits++;
    for (const passage of found) (expect(passage.relevance).toBeGreaterThanOrEqual(0), expect(passage.relevance).toBeLessThanOrEqual(1));
  }
  console.log(`hybrid (SQLite FTS5 + fake embeddings) recall@5: ${hits}/${corpusQuestions.length} = ${(hits / corpusQuestions.length).toFixed(2)}`);
  expect(hits / corpusQuestions.length).toBeGreaterThanOrEqual(0.85);
  // the embeddings went through the real AI SDK client to the /embeddings endpoint, and are kept
  expect(server.provider.requests.some((r) => r.path === '/v1/embeddings')).toBe(true);
  const stored = await hotline.db.kysely.selectFrom('chunks').select('embedding').where('embedding', 'is not', null).execute();
  expect(stored.length).toBeGreaterThan(0);
});
