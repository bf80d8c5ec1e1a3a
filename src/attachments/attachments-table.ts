/** The `attachments` table as Kysely sees it (its migration: db/migrations/021-attachments.ts). */
export interface AttachmentsTable {
  id: string;
  user_id: string;
  /** Set when a message takes the file: it is then deleted with that chat. */
  chat_id: string | null;
  name: string;
  /** The media type read from the bytes: image/png, image/jpeg, image/webp, image/gif, application/pdf, text/plain. */
  type: string;
  bytes: number;
  data: Buffer;
  created_at: string;
}
