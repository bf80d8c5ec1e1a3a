/** How a message lists a file it carries (the `attachments` JSON of its row). */
export interface AttachedFile {
  id: string;
  name: string;
  type: string;
  bytes: number;
}

/** A message carries at most this many files. */
export const maxFilesPerMessage = 10;

/** A file as the API shows it: `url` serves it to its owner only. */
export const apiAttachment = (file: AttachedFile) => ({ id: file.id, name: file.name, type: file.type, bytes: file.bytes, url: `/api/attachments/${file.id}` });

export const filesOf = (json: string | null): AttachedFile[] => (json ? (JSON.parse(json) as AttachedFile[]) : []);
