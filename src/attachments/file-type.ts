/**
 * What a file is, read from its bytes, never from what the client says: a claimed type or a name is only
 * checked against the bytes. Images (PNG, JPEG, WebP, GIF), PDFs and UTF-8 text are taken; nothing else.
 */
export type FileKind = 'image' | 'pdf' | 'text';

export interface FileType {
  kind: FileKind;
  /** The media type the file is stored and served with. */
  type: string;
}

const signatures: Array<{ type: string; kind: FileKind; matches: (b: Buffer) => boolean }> = [
  { type: 'image/png', kind: 'image', matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', kind: 'image', matches: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', kind: 'image', matches: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')) },
  { type: 'image/webp', kind: 'image', matches: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'application/pdf', kind: 'pdf', matches: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** The extensions each binary type goes by; any other extension, or none, names a text file. */
const extensions: Record<string, string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
};

/** Extensions of binary formats Hotline does not take: a "text file" by one of these names is not one. */
const otherBinary = [
  'svg',
  'zip',
  'gz',
  'exe',
  'dll',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'bmp',
  'tif',
  'tiff',
  'heic',
  'avif',
  'mp3',
  'mp4',
  'mov',
  'wav',
];

/** The file's type, or why it is refused: a type not taken, or bytes that contradict the name. */
export function fileTypeOf(name: string, bytes: Buffer): FileType | { refused: string } {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const signature = signatures.find((s) => s.matches(bytes));
  if (signature) {
    if (extension && !extensions[signature.type]!.includes(extension)) {
      return { refused: `the file's bytes are ${signature.type}, which its name (.${extension}) contradicts` };
    }
    return { kind: signature.kind, type: signature.type };
  }
  if (!isUtf8Text(bytes)) return { refused: 'only images (PNG, JPEG, WebP, GIF), PDFs and UTF-8 text files can be attached' };
  if (extension && (extensions[typeOfExtension(extension) ?? ''] || otherBinary.includes(extension))) {
    return { refused: `the file is text, which its name (.${extension}) contradicts` };
  }
  return { kind: 'text', type: 'text/plain' };
}

export const kindOf = (type: string): FileKind => (type.startsWith('image/') ? 'image' : type === 'application/pdf' ? 'pdf' : 'text');

function typeOfExtension(extension: string): string | undefined {
  return Object.keys(extensions).find((type) => extensions[type]!.includes(extension));
}

/** Valid UTF-8 with no NUL and few control characters: what a person would call a text file. */
function isUtf8Text(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  if (text.includes('\u0000')) return false;
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  return controls <= text.length / 100;
}
