import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client.ts';
import { signUpUser } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { tinyPdf, tinyPng, upload } from '../support/sample-files.ts';
import { requestsFor } from '../support/sent-conversation.ts';

let server: HotlineUnderTest;
let alice: ApiClient;
let bob: ApiClient;
const maxBytes = 64 * 1024;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_MAX_ATTACHMENT_BYTES: String(maxBytes), HOTLINE_TEXT_ONLY_MODELS: 'openai:text-only' });
  alice = (await signUpUser(server.url)).client;
  bob = (await signUpUser(server.url)).client;
});
afterAll(() => server.close());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const seen = (bytes: Buffer, type: string) => `[seen ${type} ${bytes.length} bytes sha256:${sha256(bytes)}]`;
const sendWith = (chatId: string, content: string, attachments: string[]) => alice.post(`/api/chats/${chatId}/messages`, { content, attachments });
const countRows = async (table: 'messages' | 'attachments') =>
  Number(
    (
      await server.hotline.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('uploading an attachment', () => {
  it('reads the type from the bytes and serves the file back to its owner only', async () => {
    const stored = await upload(alice, 'pixel.png', tinyPng, 'text/plain');
    expect(stored.status).toBe(201);
    expect(stored.body).toEqual({
      id: expect.any(String),
      name: 'pixel.png',
      type: 'image/png',
      bytes: tinyPng.length,
      url: `/api/attachments/${stored.body.id}`,
    });

    const file = await fetch(server.url + stored.body.url, { headers: { authorization: `Bearer ${alice.token}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await file.arrayBuffer()).equals(tinyPng)).toBe(true);

    expect((await bob.get(stored.body.url)).status).toBe(404);
    expect((await fetch(server.url + stored.body.url)).status).toBe(401);
  });

  it('takes a PDF and a UTF-8 text file, named or not', async () => {
    expect((await upload(alice, 'report.pdf', tinyPdf())).body.type).toBe('application/pdf');
    expect((await upload(alice, 'notes.md', Buffer.from('# Notes\n\ncafé ✓\n'))).body.type).toBe('text/plain');
    expect((await upload(alice, 'README', Buffer.from('plain words'))).body).toMatchObject({ name: 'README', type: 'text/plain' });
  });

  it('refuses a file that lies about its type, one of another type, and one over the limit (415, 415, 413), storing nothing', async () => {
    const before = await countRows('attachments');
    const lying = await upload(alice, 'photo.png', tinyPdf(), 'image/png');
    expect(lying.status).toBe(415);
    expect(lying.body.error.code).toBe('unsupported_file');
    expect((await upload(alice, 'notes.pdf', Buffer.from('just text'))).status).toBe(415);
    expect((await upload(alice, 'archive.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff, 0xfe, 0x00, 0x01]))).status).toBe(415);
    const large = await upload(alice, 'big.txt', Buffer.alloc(maxBytes + 1, 'a'));
    expect(large.status).toBe(413);
    expect(large.body.error.code).toBe('too_large');
    expect((await upload(alice, 'empty.txt', Buffer.alloc(0))).status).toBe(422);
    expect(await countRows('attachments')).toBe(before);
  });

  it('answers a body without a file in the contract shape', async () => {
    const response = await alice.post('/api/attachments', { file: 'not a file' });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('unsupported_media_type');
  });
});

describe('sending attachments with a message', () => {
  it('sends an image to an OpenAI-compatible model as image input: the provider receives its very bytes', async () => {
    const chat = await alice.newChat({ model: 'openai:vision?tokens=3&rate=0' });
    const image = (await upload(alice, 'pixel.png', tinyPng)).body;
    const sent = await sendWith(chat.id, 'What is in this picture?', [image.id]);
    expect(sent.status).toBe(202);
    expect(sent.body.userMessage.attachments).toEqual([image]);
    const reply = await alice.settled(sent.body.assistantMessage.id);
    expect(reply.content.startsWith(seen(tinyPng, 'image/png'))).toBe(true);

    const request = requestsFor(server.provider, 'vision?tokens=3&rate=0')[0]!;
    const content = (request.body as any).messages.at(-1).content;
    expect(content[0]).toEqual({ type: 'text', text: 'What is in this picture?' });
    expect(content[1].image_url.url).toBe(`data:image/png;base64,${tinyPng.toString('base64')}`);
    // The chat shows the message with its file.
    const shown = (await alice.get(`/api/chats/${chat.id}`)).body.messages[0];
    expect(shown.attachments).toEqual([image]);
  });

  it('sends images and PDFs to Anthropic as image and document input, and a text file as text', async () => {
    const chat = await alice.newChat({ model: 'anthropic:claude-docs?tokens=3&rate=0' });
    const image = (await upload(alice, 'pixel.png', tinyPng)).body;
    const pdf = tinyPdf();
    const document = (await upload(alice, 'report.pdf', pdf)).body;
    const text = (await upload(alice, 'notes.txt', Buffer.from('The launch code is 1234.'))).body;
    const sent = await sendWith(chat.id, 'Read these', [image.id, document.id, text.id]);
    expect(sent.status).toBe(202);
    const reply = await alice.settled(sent.body.assistantMessage.id);
    expect(reply.content.startsWith(`${seen(tinyPng, 'image/png')} ${seen(pdf, 'application/pdf')}`)).toBe(true);
    const content = (requestsFor(server.provider, 'claude-docs?tokens=3&rate=0')[0]!.body as any).messages.at(-1).content;
    expect(content.map((part: any) => part.type)).toEqual(['text', 'image', 'document', 'text']);
    expect(content[3].text).toBe('<file name="notes.txt">\nThe launch code is 1234.\n</file>');
  });

  it('sends an OpenAI-compatible server a PDF as its extracted text (it has no document input)', async () => {
    const chat = await alice.newChat({ model: 'openai:pdf-text?tokens=3&rate=0' });
    const document = (await upload(alice, 'report.pdf', tinyPdf('Quarterly revenue grew'))).body;
    await alice.settled((await sendWith(chat.id, 'Summarise', [document.id])).body.assistantMessage.id);
    const content = (requestsFor(server.provider, 'pdf-text?tokens=3&rate=0')[0]!.body as any).messages.at(-1).content;
    expect(content[1]).toEqual({ type: 'text', text: '<file name="report.pdf">\nQuarterly revenue grew\n</file>' });
  });

  it('refuses an image for a model that takes none (the offline model, HOTLINE_TEXT_ONLY_MODELS) with 422, storing nothing', async () => {
    const image = (await upload(alice, 'pixel.png', tinyPng)).body;
    for (const model of ['offline', 'openai:text-only']) {
      const chat = await alice.newChat({ model });
      const before = await countRows('messages');
      const refused = await sendWith(chat.id, 'Look', [image.id]);
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('model_cannot_see_images');
      expect(await countRows('messages')).toBe(before);
    }
    // A text file is fine for the offline model: it reads it.
    const chat = await alice.newChat({ model: 'offline' });
    const text = (await upload(alice, 'notes.txt', Buffer.from('Pelicans can hold three gallons of water.'))).body;
    const sent = await sendWith(chat.id, 'Read this', [text.id]);
    expect(sent.status).toBe(202);
  });

  it("refuses another user's upload and an unknown id (422), and keeps a chat's files to the chat", async () => {
    const chat = await alice.newChat({ model: 'openai:mine?tokens=2&rate=0' });
    const bobs = (await upload(bob, 'pixel.png', tinyPng)).body;
    expect((await sendWith(chat.id, 'Steal', [bobs.id])).status).toBe(422);
    expect((await sendWith(chat.id, 'Unknown', ['nope'])).status).toBe(422);
    expect((await sendWith(chat.id, 'Bad', 'nope' as never)).status).toBe(422);

    const mine = (await upload(alice, 'pixel.png', tinyPng)).body;
    await alice.settled((await sendWith(chat.id, 'First', [mine.id])).body.assistantMessage.id);
    const other = await alice.newChat({ model: 'openai:mine?tokens=2&rate=0' });
    expect((await sendWith(other.id, 'Again elsewhere', [mine.id])).status).toBe(422);
  });

  it('an edit carries the files on; deleting the chat deletes them', async () => {
    const chat = await alice.newChat({ model: 'openai:edit-files?tokens=2&rate=0' });
    const image = (await upload(alice, 'pixel.png', tinyPng)).body;
    const sent = (await sendWith(chat.id, 'First', [image.id])).body;
    await alice.settled(sent.assistantMessage.id);
    const edited = await alice.post(`/api/messages/${sent.userMessage.id}/edit`, { content: 'First, edited' });
    expect(edited.status).toBe(202);
    expect(edited.body.userMessage.attachments).toEqual([image]);
    const reply = await alice.settled(edited.body.assistantMessage.id);
    expect(reply.content.startsWith(seen(tinyPng, 'image/png'))).toBe(true);

    expect((await alice.delete(`/api/chats/${chat.id}`)).status).toBe(204);
    expect((await alice.get(image.url)).status).toBe(404);
  });
});
