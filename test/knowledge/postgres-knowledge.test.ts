import { describe } from 'vitest';
import { freshPostgresDatabase, postgresUp } from '../support/services.ts';
import { knowledgeStoreContract } from './knowledge-store.contract.ts';

describe.runIf(postgresUp)('PostgreSQL', () => {
  knowledgeStoreContract('PostgreSQL full-text', async () => {
    const database = await freshPostgresDatabase();
    return { config: { kind: 'postgres', url: database.url }, cleanup: database.drop };
  });
});
