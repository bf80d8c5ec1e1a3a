import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knowledgeStoreContract } from './knowledge-store.contract.ts';

knowledgeStoreContract('SQLite FTS5', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-kb-'));
  return { config: { kind: 'sqlite', path: join(dir, 'kb.db') }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});
