import type { User } from '../accounts/user-store.ts';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import { invalidField, Refusal } from '../refusal.ts';
import { maxFilesPerMessage, type AttachedFile } from '../attachments/attached-file.ts';
import type { AttachmentRow, AttachmentStore } from '../attachments/attachment-store.ts';

/** What a message's files need: a narrow view the process's container satisfies. */
export interface FileDeps {
  attachments: AttachmentStore;
  clock: Clock;
  newId: IdGenerator;
  config: { limits: { maxAttachmentBytes: number }; textOnlyModels: string[] };
}
import { fileTypeOf, kindOf } from '../attachments/file-type.ts';

/** An upload no message takes within a day was given up: it is deleted at the user's next upload. */
const unsentLifetimeMs = 24 * 60 * 60_000;

/** Stores an uploaded file once its bytes say what it is; the name is kept only as a label. */
export async function uploadAttachment(hotline: FileDeps, user: User, upload: { name: string; bytes: Buffer }): Promise<AttachedFile> {
  if (upload.bytes.length === 0) throw invalidField('file', 'the file is empty', 'empty_file');
  const max = hotline.config.limits.maxAttachmentBytes;
  if (upload.bytes.length > max) throw new Refusal('too_large', 'too_large', `file: must be at most ${max} bytes`, { field: 'file' });
  const name = cleanName(upload.name);
  const type = fileTypeOf(name, upload.bytes);
  if ('refused' in type) throw new Refusal('unsupported', 'unsupported_file', `file: ${type.refused}`, { field: 'file' });
  const now = hotline.clock.now();
  await hotline.attachments.deleteUnsentBefore(user.id, new Date(now - unsentLifetimeMs).toISOString());
  const row = {
    id: hotline.newId(),
    user_id: user.id,
    chat_id: null,
    name,
    type: type.type,
    bytes: upload.bytes.length,
    data: upload.bytes,
    created_at: new Date(now).toISOString(),
  };
  await hotline.attachments.insert(row);
  return { id: row.id, name, type: type.type, bytes: row.bytes };
}

/**
 * The files a new message of `chat` carries, from their ids: each must be the user's, not already sent in
 * another chat, and one the chat's model can read (an image needs a model that takes images). Refused
 * before anything is stored.
 */
export async function filesForMessage(hotline: FileDeps, user: User, chat: { id: string; model: string }, ids: string[]): Promise<AttachedFile[]> {
  const unique = [...new Set(ids)];
  if (unique.length > maxFilesPerMessage) throw invalidField('attachments', `at most ${maxFilesPerMessage} files a message`);
  const rows = await hotline.attachments.describe(user.id, unique);
  const usable = (row: AttachmentRow) => row.chat_id === null || row.chat_id === chat.id;
  if (rows.length !== unique.length || !rows.every(usable)) throw invalidField('attachments', 'an id is not one of your uploads', 'invalid_attachment');
  const files = unique.map((id) => rows.find((row) => row.id === id)!).map(({ id, name, type, bytes }) => ({ id, name, type, bytes }));
  refuseImagesFor(hotline, chat.model, files);
  return files;
}

/** 422 when a file is an image and the model takes no images: the offline model, and the configured text-only ones. */
export function refuseImagesFor(hotline: FileDeps, model: string, files: AttachedFile[]): void {
  if (!files.some((file) => kindOf(file.type) === 'image')) return;
  if (model === 'offline' || hotline.config.textOnlyModels.includes(model)) {
    throw new Refusal('invalid', 'model_cannot_see_images', `The model ${model} takes no images; choose another model or send the message without them`);
  }
}

/** A file name as a label: no path, no control characters, not too long. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return clean || 'file';
}
