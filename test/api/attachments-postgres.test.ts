import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client.ts';
import { signUpUser } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { tinyPng, upload } from '../support/sample-files.ts';
import { freshPostgresDatabase, postgresUp } from '../support/services.ts';

describe.skipIf(!postgresUp)('attachments on PostgreSQL', () => {
  let server: HotlineUnderTest;
  let alice: ApiClient;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await freshPostgresDatabase();
    drop = database.drop;
    server = await startHotline({ DATABASE_URL: database.url, HOTLINE_RATE_LIMITS: 'off' });
    alice = (await signUpUser(server.url)).client;
  });
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  it('keeps a file’s bytes exactly, sends them to the model, and deletes them with the chat', async () => {
    const image = (await upload(alice, 'pixel.png', tinyPng)).body;
    const back = await fetch(server.url + image.url, { headers: { authorization: `Bearer ${alice.token}` } });
    expect(Buffer.from(await back.arrayBuffer()).equals(tinyPng)).toBe(true);

    const chat = await alice.newChat({ model: 'openai:pg-vision?tokens=2&rate=0' });
    const sent = await alice.post(`/api/chats/${chat.id}/messages`, { content: 'What is it?', attachments: [image.id] });
    const reply = await alice.settled(sent.body.assistantMessage.id);
    expect(reply.content).toContain(`sha256:${createHash('sha256').update(tinyPng).digest('hex')}`);

    expect((await alice.delete(`/api/chats/${chat.id}`)).status).toBe(204);
    expect((await alice.get(image.url)).status).toBe(404);
  });
});
