import { createHash } from 'node:crypto';

/**
 * The files a request carried as image or document input, in either wire format, as the reply's first
 * line: `[seen image/png 68 bytes sha256:…]` per file. Tests read it to prove a file's very bytes reached
 * the provider. Empty for a request without files, so every other reply stays exactly as computed.
 */
export function filesSeen(body: unknown): string {
  const seen: string[] = [];
  visit(body, (part) => {
    const file = decoded(part);
    if (file) seen.push(`[seen ${file.type} ${file.bytes.length} bytes sha256:${createHash('sha256').update(file.bytes).digest('hex')}]`);
  });
  return seen.length > 0 ? `${seen.join(' ')}\n\n` : '';
}

function visit(value: unknown, each: (part: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const item of value) visit(item, each);
  else if (typeof value === 'object' && value !== null) {
    each(value as Record<string, unknown>);
    for (const child of Object.values(value)) visit(child, each);
  }
}

function decoded(part: Record<string, unknown>): { type: string; bytes: Buffer } | undefined {
  // OpenAI: {type: 'image_url', image_url: {url: 'data:…'}} and {type: 'file', file: {file_data: 'data:…'}}.
  const openai = part.type === 'image_url' ? field(part.image_url, 'url') : part.type === 'file' ? field(part.file, 'file_data') : undefined;
  if (typeof openai === 'string') {
    const match = /^data:([^;,]+);base64,(.*)$/s.exec(openai);
    return match ? { type: match[1]!, bytes: Buffer.from(match[2]!, 'base64') } : undefined;
  }
  // Anthropic: {type: 'image' | 'document', source: {type: 'base64', media_type, data}}.
  if ((part.type === 'image' || part.type === 'document') && field(part.source, 'type') === 'base64') {
    const type = field(part.source, 'media_type');
    const data = field(part.source, 'data');
    if (typeof type === 'string' && typeof data === 'string') return { type, bytes: Buffer.from(data, 'base64') };
  }
  return undefined;
}

const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);
