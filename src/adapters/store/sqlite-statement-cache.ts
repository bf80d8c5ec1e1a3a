import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * The better-sqlite3 database as Kysely's `SqliteDialect` sees it, with one prepared statement kept per SQL
 * text. Kysely's SQLite driver calls `db.prepare(sql)` on every execution and then `.reader`, `.all`/`.run`
 * (or `.iterate` for `.stream()`); building a native `Statement` each time shows in the benchmark's profile
 * for the hot queries (a reply's flush, claim, ending, lookups), whose SQL text is always the same.
 *
 * Reusing a statement is safe because better-sqlite3 is synchronous: `.all` and `.run` bind the new
 * parameters, step to the end and reset the statement within the call (on error too), and Kysely's driver
 * runs one query at a time on its single connection, so no two executions of a statement overlap. A
 * schema change (a migration) does not stale a kept statement: SQLite re-prepares it on its next step.
 * The one exception is `.iterate`, which Kysely's `.stream()` uses and which leaves the statement busy
 * until the iteration ends; the project streams no query today, and should one be streamed while the same
 * SQL runs again, that execution gets a fresh, uncached statement rather than the busy one.
 *
 * Bounded and least-recently-used: queries whose text varies (an insert of N rows, a search) come and go
 * without evicting the hot ones.
 */
export class StatementCache implements SqliteDatabase {
  // A Map iterates in insertion order: moving a statement to the end on use makes the first the least recent.
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(
    private readonly database: SQLite.Database,
    private readonly capacity = 256,
  ) {}

  prepare(sql: string): SQLite.Statement {
    const cached = this.statements.get(sql);
    if (cached) {
      if (cached.busy) return this.database.prepare(sql);
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const statement = this.database.prepare(sql);
    if (this.statements.size >= this.capacity) this.statements.delete(this.statements.keys().next().value!);
    this.statements.set(sql, statement);
    return statement;
  }

  /** How many statements are kept. */
  get size(): number {
    return this.statements.size;
  }

  close(): void {
    this.statements.clear();
    this.database.close();
  }
}
