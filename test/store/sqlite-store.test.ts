import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeContract } from './store.contract.ts';

storeContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-store-'));
  return { config: { kind: 'sqlite', path: join(dir, 'hotline.db') }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});
