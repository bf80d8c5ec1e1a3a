import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A reply's progress as its row stores it. */
export type ProgressWrite = {
  id: string;
  content: string;
  parts: string | null;
  thinking: string;
  /** Null: keep the stored sources. */
  sources: string | null;
  now: string;
};

/** Six parameters a row: well under SQLite's 32,766 and PostgreSQL's 65,535 per statement. */
const progressRowsPerStatement = 1000;

/**
 * Writes many replies' progress, one UPDATE per `progressRowsPerStatement` (both SQLite and PostgreSQL
 * take an UPDATE … FROM a VALUES list), each row only while its reply streams. Sources left null keep
 * what is stored: a flush before the knowledge step found any leaves them as they are. Answers, per
 * write, whether its reply still streams; a reply written twice in one batch counts as its last write.
 */
export async function writeProgress(db: Kysely<Database>, writes: ProgressWrite[]): Promise<boolean[]> {
  const latest = new Map<string, ProgressWrite>();
  for (const write of writes) latest.set(write.id, write);
  const rows = [...latest.values()];
  const streaming = new Set<string>();
  for (let start = 0; start < rows.length; start += progressRowsPerStatement) {
    const values = rows
      .slice(start, start + progressRowsPerStatement)
      .map((w) => sql`(${w.id}, ${w.content}, ${w.parts}, ${w.thinking}, ${w.sources}, ${w.now})`);
    const { rows: updated } = await sql<{ id: string }>`
      with progress (id, content, parts, thinking, sources, now) as (values ${sql.join(values)})
      update messages
      set content = progress.content, parts = progress.parts, thinking = progress.thinking,
        sources = coalesce(progress.sources, messages.sources), updated_at = progress.now
      from progress
      where messages.id = progress.id and messages.status = 'streaming'
      returning messages.id`.execute(db);
    for (const { id } of updated) streaming.add(id);
  }
  return writes.map((w) => streaming.has(w.id));
}
