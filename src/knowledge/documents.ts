import { readdir, readFile } from 'node:fs/promises';
import type { User } from '../accounts/user-store.ts';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import { notFound } from '../refusal.ts';
import { chunkDocument } from './chunking.ts';
import { documentTitle, documentUrl, normaliseDocument, type DocumentType } from './document-input.ts';
import type { DocumentStore, KnowledgeDocument } from './document-store.ts';

/** What the document operations need: a narrow view the process's container satisfies. */
export interface DocumentDeps {
  documents: DocumentStore;
  clock: Clock;
  newId: IdGenerator;
  config: { limits: { maxDocumentBytes: number } };
}

export interface NewDocument {
  title: string;
  text: string;
  url?: string | null | undefined;
  type?: string | undefined;
}

/** Adds a document to a user's knowledge base: checked, split into chunks and indexed, or refused whole. */
export async function addDocument(deps: DocumentDeps, user: User, input: NewDocument): Promise<KnowledgeDocument> {
  const title = documentTitle(input.title);
  const url = documentUrl(input.url);
  const type = (input.type ?? 'markdown') as DocumentType;
  const text = normaliseDocument({ text: input.text, type }, deps.config.limits.maxDocumentBytes);
  const chunks = chunkDocument(title, text).map((chunk) => ({ id: deps.newId(), ...chunk }));
  return deps.documents.add({ id: deps.newId(), user_id: user.id, title, url, type, created_at: new Date(deps.clock.now()).toISOString() }, chunks);
}

export async function deleteDocument(deps: DocumentDeps, user: User, documentId: string): Promise<void> {
  if (!(await deps.documents.delete(user.id, documentId))) throw notFound('Document');
}

const sampleFolder = new URL('./sample/', import.meta.url);

/**
 * Loads the sample knowledge base (documents about Hotline itself), so a first run has something to ask
 * about. Documents already loaded, by title, are not added twice.
 */
export async function loadSampleKnowledgeBase(deps: DocumentDeps, user: User): Promise<KnowledgeDocument[]> {
  const existing = new Set((await deps.documents.list(user.id)).map((d) => d.title));
  const added: KnowledgeDocument[] = [];
  for (const file of (await readdir(sampleFolder)).filter((f) => f.endsWith('.md')).sort()) {
    const text = await readFile(new URL(file, sampleFolder), 'utf8');
    const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? file.replace(/\.md$/, '');
    if (existing.has(title)) continue;
    added.push(await addDocument(deps, user, { title, text, type: 'markdown' }));
  }
  return added;
}
