import { describe } from 'vitest';
import { freshPostgresDatabase, postgresUp } from '../support/services.ts';
import { storeContract } from './store.contract.ts';

describe.runIf(postgresUp)('PostgreSQL', () => {
  storeContract('PostgreSQL', async () => {
    const database = await freshPostgresDatabase();
    return { config: { kind: 'postgres', url: database.url }, cleanup: database.drop };
  });
});
