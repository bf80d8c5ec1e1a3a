import { randomBytes } from 'node:crypto';
import type { Hotline } from '../../hotline.ts';

const secretName = 'action-cable';

/**
 * The key that signs stream names: HOTLINE_SECRET, or one made at first start and kept in the database,
 * so that a name signed by one process is good on every other. Whichever process inserts first wins;
 * the rest read what it wrote.
 */
export async function cableSecret(hotline: Hotline): Promise<string> {
  if (hotline.config.secret) return hotline.config.secret;
  const db = hotline.db.kysely;
  await db
    .insertInto('server_secrets')
    .values({ name: secretName, value: randomBytes(32).toString('base64url') })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', secretName).executeTakeFirstOrThrow();
  return row.value;
}
