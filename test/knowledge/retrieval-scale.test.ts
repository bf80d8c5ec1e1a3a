import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../src/config.ts';
import { UserStore } from '../../src/accounts/user-store.ts';
import { openStore } from '../../src/adapters/store/open-store.ts';
import { createIdGenerator } from '../../src/ids.ts';
import { DocumentStore } from '../../src/knowledge/document-store.ts';
import { retrievePassages } from '../../src/knowledge/retrieve.ts';
import { freshPostgresDatabase, postgresUp } from '../support/services.ts';
import { corpusDocuments, corpusQuestions } from './retrieval-corpus.ts';

const newId = createIdGenerator();
const vocabulary = corpusDocuments.flatMap((d) => d.text.toLowerCase().match(/[a-z]{4,}/g) ?? []);

/** 10,000 chunks: the corpus's real documents among 9,964 filler chunks made of the corpus's own words. */
async function measure(name: string, config: DatabaseConfig): Promise<void> {
  const db = await openStore(config);
  try {
    const documents = new DocumentStore(db.kysely, db.searchIndex);
    const user = (await new UserStore(db.kysely).create({
      id: newId(),
      email: `${newId()}@example.com`,
      passwordHash: 'x',
      createdAt: new Date().toISOString(),
    }))!;
    let seed = 42;
    const pick = () => vocabulary[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % vocabulary.length]!;
    for (let d = 0; d < 100; d++) {
      const chunks = Array.from({ length: 99 + (d < 64 ? 1 : 0) }, () => ({
        id: newId(),
        heading: `Filler ${d}`,
        text: Array.from({ length: 120 }, pick).join(' '),
      }));
      await documents.add({ id: newId(), user_id: user.id, title: `Filler ${d}`, url: null, type: 'text', created_at: new Date().toISOString() }, chunks);
    }
    for (const doc of corpusDocuments) {
      await documents.add({ id: newId(), user_id: user.id, title: doc.title, url: null, type: 'markdown', created_at: new Date().toISOString() }, [
        { id: newId(), heading: doc.title, text: doc.text },
      ]);
    }
    const times: number[] = [];
    for (const { question } of corpusQuestions) {
      const started = performance.now();
      await retrievePassages({ documents, embedder: undefined }, user.id, [{ role: 'user', content: question }], 5);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const count = await db.kysely
      .selectFrom('chunks')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(10_000);
    console.log(
      `${name}: retrieval over 10,000 chunks: median ${times[times.length >> 1]!.toFixed(1)} ms, p90 ${times[Math.floor(times.length * 0.9)]!.toFixed(1)} ms (${times.length} questions)`,
    );
  } finally {
    await db.close();
  }
}

describe('retrieval at 10,000 chunks', () => {
  it('answers on SQLite FTS5', async () => {
    await measure('SQLite FTS5', { kind: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'hotline-scale-')), 'kb.db') });
  }, 120_000);

  it.runIf(postgresUp)(
    'answers on PostgreSQL full-text search',
    async () => {
      const database = await freshPostgresDatabase();
      try {
        await measure('PostgreSQL', { kind: 'postgres', url: database.url });
      } finally {
        await database.drop();
      }
    },
    120_000,
  );
});
