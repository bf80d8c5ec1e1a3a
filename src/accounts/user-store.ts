import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface User {
  id: string;
  email: string;
  createdAt: string;
}

/** Users and their API tokens (only the tokens' hashes are stored). */
export class UserStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Returns null when the email is taken. */
  async create(user: { id: string; email: string; passwordHash: string; createdAt: string }): Promise<User | null> {
    const inserted = await this.db
      .insertInto('users')
      .values({ id: user.id, email: user.email, password_hash: user.passwordHash, created_at: user.createdAt })
      .onConflict((c) => c.column('email').doNothing())
      .returning(['id', 'email', 'created_at'])
      .executeTakeFirst();
    return inserted ? { id: inserted.id, email: inserted.email, createdAt: inserted.created_at } : null;
  }

  async findByEmail(email: string): Promise<(User & { passwordHash: string }) | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row && { id: row.id, email: row.email, createdAt: row.created_at, passwordHash: row.password_hash };
  }

  async addToken(userId: string, tokenHash: string, createdAt: string): Promise<void> {
    await this.db.insertInto('api_tokens').values({ token_hash: tokenHash, user_id: userId, created_at: createdAt }).execute();
  }

  async removeToken(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('api_tokens').where('token_hash', '=', tokenHash).execute();
  }

  async findByTokenHash(tokenHash: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['users.id', 'users.email', 'users.created_at'])
      .where('api_tokens.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && { id: row.id, email: row.email, createdAt: row.created_at };
  }
}
