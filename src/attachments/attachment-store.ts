import type { Kysely, Selectable } from 'kysely';
import type { AttachmentsTable } from './attachments-table.ts';

/** The one table this store reads and writes: any Kysely over a database that has it will do. */
export interface AttachmentTables {
  attachments: AttachmentsTable;
}

export type AttachmentRow = Omit<Selectable<AttachmentsTable>, 'data'>;

import type { AttachedFile } from './attached-file.ts';
export type { AttachedFile };

const described = ['id', 'user_id', 'chat_id', 'name', 'type', 'bytes', 'created_at'] as const;

/** Uploaded files and their bytes. Reads of a file's description never load its bytes. */
export class AttachmentStore {
  constructor(private readonly db: Kysely<AttachmentTables>) {}

  async insert(row: Selectable<AttachmentsTable>): Promise<void> {
    await this.db.insertInto('attachments').values(row).execute();
  }

  /** The user's files among `ids` (any that are not theirs are missing from the answer). */
  async describe(userId: string, ids: string[]): Promise<AttachmentRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('attachments').select(described).where('user_id', '=', userId).where('id', 'in', ids).execute();
  }

  /** One of the user's files with its bytes. */
  async read(userId: string, id: string): Promise<Selectable<AttachmentsTable> | undefined> {
    return this.db.selectFrom('attachments').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  }

  /** The bytes of files a generation job sends to the model (the job has no user to check: the message is its own). */
  async contents(ids: string[]): Promise<Map<string, { name: string; type: string; data: Buffer }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('attachments')
      .select(['id', 'name', 'type', 'data'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((row) => [row.id, { name: row.name, type: row.type, data: Buffer.from(row.data) }]));
  }

  /** A message took these files: they now go with its chat. */
  async attachToChat(userId: string, ids: string[], chatId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('attachments')
      .set({ chat_id: chatId })
      .where('user_id', '=', userId)
      .where('id', 'in', ids)
      .where('chat_id', 'is', null)
      .execute();
  }

  /** Uploads no message took, from before `before`: they were given up. */
  async deleteUnsentBefore(userId: string, before: string): Promise<void> {
    await this.db.deleteFrom('attachments').where('user_id', '=', userId).where('chat_id', 'is', null).where('created_at', '<', before).execute();
  }
}
