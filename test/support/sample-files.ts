import { deflateSync } from 'node:zlib';
import type { ApiClient, ApiResponse } from './api-client.ts';

/** A real 2×2 PNG (red, green, blue, white), small enough to read in a test and valid for any decoder. */
export const tinyPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=', 'base64');

/** A one-page PDF whose page shows "Hello from the PDF" in a Flate-compressed content stream. */
export function tinyPdf(text = 'Hello from the PDF'): Buffer {
  const content = deflateSync(Buffer.from(`BT /F1 12 Tf 72 720 Td (${text}) Tj ET`));
  return Buffer.concat([
    Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n4 0 obj << /Length ${content.length} /Filter /FlateDecode >>\nstream\n`),
    content,
    Buffer.from('\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  ]);
}

/** Uploads a file as a browser form would (multipart, field `file`). */
export async function upload(client: ApiClient, name: string, bytes: Buffer, type = 'application/octet-stream'): Promise<ApiResponse> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const response = await fetch(`${client.url}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${client.token}` }, body: form });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
