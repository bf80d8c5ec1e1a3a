import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { StatementCache } from '../../src/adapters/store/sqlite-statement-cache.ts';

let database: SQLite.Database;
afterEach(() => {
  if (database.open) database.close();
});

function cache(capacity?: number): StatementCache {
  database = new SQLite(':memory:');
  database.exec('create table t (id integer primary key, v text not null)');
  return new StatementCache(database, capacity);
}

describe('the SQLite statement cache', () => {
  it('prepares each SQL text once', () => {
    const statements = cache();
    const select = statements.prepare('select * from t');
    expect(statements.prepare('select * from t')).toBe(select);
    expect(statements.prepare('select id from t')).not.toBe(select);
    expect(statements.size).toBe(2);
  });

  it('keeps at most its capacity, evicting the least recently used', () => {
    const statements = cache(3);
    const [a, b, c] = ['select 1', 'select 2', 'select 3'].map((s) => statements.prepare(s));
    statements.prepare('select 1'); // a is now the most recent: b goes first
    statements.prepare('select 4');
    expect(statements.size).toBe(3);
    expect(statements.prepare('select 1')).toBe(a);
    expect(statements.prepare('select 3')).toBe(c);
    expect(statements.prepare('select 2')).not.toBe(b);
  });

  it('gives a fresh statement while the cached one is being iterated (a stream)', () => {
    const statements = cache();
    database.exec(`insert into t (v) values ('a'), ('b')`);
    const select = statements.prepare('select v from t');
    const rows = select.iterate();
    rows.next();
    const other = statements.prepare('select v from t');
    expect(other).not.toBe(select);
    expect(other.all()).toEqual([{ v: 'a' }, { v: 'b' }]);
    rows.return?.();
    expect(statements.prepare('select v from t')).toBe(select);
  });

  it('serves Kysely: reused statements take new parameters, survive a failed run and a schema change', async () => {
    const db = new Kysely<{ t: { id: Generated<number>; v: string; w: Generated<string> } }>({ dialect: new SqliteDialect({ database: cache() }) });
    for (const v of ['a', 'b', 'c']) await db.insertInto('t').values({ v }).execute();
    await expect(db.insertInto('t').values({ id: 1, v: 'again' }).execute()).rejects.toThrow(/UNIQUE|PRIMARY/i);
    await db.insertInto('t').values({ id: 4, v: 'd' }).execute();
    const find = (id: number) => db.selectFrom('t').selectAll().where('id', '=', id).executeTakeFirst();
    expect(await find(2)).toEqual({ id: 2, v: 'b' });
    expect(await find(4)).toEqual({ id: 4, v: 'd' });
    const update = await db.updateTable('t').set({ v: 'B' }).where('id', '=', 2).executeTakeFirst();
    expect(update.numUpdatedRows).toBe(1n);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('t').set({ v: 'C' }).where('id', '=', 3).execute();
    });
    await sql`alter table t add column w text not null default 'x'`.execute(db);
    expect(await find(3)).toEqual({ id: 3, v: 'C', w: 'x' });
    await db.destroy();
    expect(database.open).toBe(false);
  });
});
