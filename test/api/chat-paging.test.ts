import { describe, expect, it } from 'vitest';
import { signedInHotline } from '../support/signed-in-hotline.ts';
import { signUpUser } from '../support/accounts.ts';
import { WebClient } from '../web/support/web-client.ts';

const context = signedInHotline({ HOTLINE_RATE_LIMITS: 'off' });

describe('the chat list', () => {
  it('pages the chats most recently active first, each chat once, until next is null', async () => {
    const { client } = await signUpUser(context.server.url);
    const made = [];
    for (let i = 0; i < 7; i++) made.push((await client.newChat({ title: `chat ${i}`, model: 'openai:fake?tokens=2&rate=0' })).id);
    // Writing in the oldest chat makes it the most recently active.
    const { assistantMessage } = await client.send(made[0], 'Wake up');
    await client.settled(assistantMessage.id);
    const seen: string[] = [];
    let path = '/api/chats?limit=3';
    for (let pages = 0; ; pages++) {
      const { status, body } = await client.get(path);
      expect(status).toBe(200);
      expect(body.chats.length).toBeLessThanOrEqual(3);
      seen.push(...body.chats.map((c: any) => c.id));
      if (body.next === null) break;
      expect(pages).toBeLessThan(5);
      path = `/api/chats?limit=3&before=${encodeURIComponent(body.next)}`;
    }
    expect(seen).toEqual([made[0], ...made.slice(1).reverse()]);
  });

  it('gives each chat its updatedAt: its creation, then its newest message, in the list and alone', async () => {
    const { client } = await signUpUser(context.server.url);
    const created = await client.newChat({ model: 'openai:fake?tokens=2&rate=0' });
    expect(created.updatedAt).toBe(created.createdAt);
    expect((await client.get(`/api/chats/${created.id}`)).body.updatedAt).toBe(created.createdAt);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { userMessage, assistantMessage } = await client.send(created.id, 'Later');
    await client.settled(assistantMessage.id);
    const listed = (await client.get('/api/chats')).body.chats.find((c: any) => c.id === created.id);
    const alone = (await client.get(`/api/chats/${created.id}`)).body;
    const renamed = (await client.request('PATCH', `/api/chats/${created.id}`, { title: 'Renamed' })).body;
    for (const shown of [listed, alone, renamed]) {
      expect(shown.updatedAt).toBe(assistantMessage.createdAt > userMessage.createdAt ? assistantMessage.createdAt : userMessage.createdAt);
      expect(shown.updatedAt > shown.createdAt).toBe(true);
    }
  });

  it('answers 50 chats a page by default', async () => {
    const { client } = await signUpUser(context.server.url);
    for (let i = 0; i < 52; i++) await client.newChat({ model: 'offline' });
    const first = await client.get('/api/chats');
    expect(first.body.chats).toHaveLength(50);
    expect(typeof first.body.next).toBe('string');
    const second = await client.get(`/api/chats?before=${encodeURIComponent(first.body.next)}`);
    expect(second.body.chats).toHaveLength(2);
    expect(second.body.next).toBeNull();
  });

  it('makes no chat from a JSON null body, and one with the defaults from no body at all', async () => {
    const { client } = await signUpUser(context.server.url);
    const refused = await client.request('POST', '/api/chats', 'null');
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_body');
    expect((await client.get('/api/chats')).body.chats).toHaveLength(0);
    expect((await client.post('/api/chats')).status).toBe(201);
  });

  it('refuses a chat title over 200 characters from the API and the web form alike, instead of cutting it', async () => {
    const { client } = await signUpUser(context.server.url);
    const response = await client.post('/api/chats', { title: 'x'.repeat(201) });
    expect(response.status).toBe(422);
    const browser = new WebClient(context.server.url);
    await browser.signUp();
    await browser.get('/chats/new');
    const page = await browser.post('/chats', { title: 'y'.repeat(201), model: 'offline' });
    expect(page.status).toBe(422);
    expect(page.text).toContain('title: must be at most 200 characters');
    expect((await client.get('/api/chats')).body.chats).toHaveLength(0);
    expect(await context.server.hotline.db.kysely.selectFrom('chats').select('id').where('title', 'like', 'yyy%').execute()).toEqual([]);
  });
});
