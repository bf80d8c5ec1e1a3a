import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import type { ApiClient } from '../support/api-client.ts';
import { signUpUser } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { isTitleRequest, requestsFor } from '../support/sent-conversation.ts';

let server: HotlineUnderTest;
let alice: ApiClient;
let bob: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
  alice = (await signUpUser(server.url)).client;
  bob = (await signUpUser(server.url)).client;
});
afterAll(() => server.close());

const patch = (client: ApiClient, path: string, body: unknown) => client.request('PATCH', path, body);

/** Waits until the chat's title is no longer the one it was made with. */
async function titleAfter(chatId: string, before: string): Promise<string> {
  for (;;) {
    const { body } = await alice.get(`/api/chats/${chatId}`);
    if (body.title !== before) return body.title;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PATCH /api/chats/:id', () => {
  it('changes the title, model and system prompt, and the next reply uses the new model', async () => {
    const chat = await alice.newChat({ title: 'Before', model: 'openai:settings-before?tokens=3&rate=0' });
    const changed = await patch(alice, `/api/chats/${chat.id}`, { title: '  After  ', model: 'openai:settings-after?tokens=4&rate=0', system: 'Be brief.' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: chat.id, title: 'After', model: 'openai:settings-after?tokens=4&rate=0', system: 'Be brief.' });
    const turn = await alice.send(chat.id, 'Hello');
    expect(await alice.settled(turn.assistantMessage.id)).toMatchObject({ model: 'openai:settings-after?tokens=4&rate=0', content: expectedText(4) });
    expect(requestsFor(server.provider, 'settings-before?tokens=3&rate=0')).toHaveLength(0);
    expect((await alice.get(`/api/chats/${chat.id}`)).body).toMatchObject({ title: 'After', system: 'Be brief.' });
  });

  it('refuses bad input with 422 and another user’s chat with 404, changing nothing', async () => {
    const chat = await alice.newChat({ title: 'Mine', model: 'offline' });
    for (const body of [{ model: 'nowhere:model' }, { title: '   ' }, { colour: 'red' }, { knowledgeBase: 'yes' }, [1]]) {
      const answer = await patch(alice, `/api/chats/${chat.id}`, body);
      expect(answer.status).toBe(422);
      expect(answer.body.error.code).toMatch(/invalid/);
    }
    expect((await patch(bob, `/api/chats/${chat.id}`, { title: 'Yours?' })).status).toBe(404);
    expect((await patch(alice, '/api/chats/no-such-chat', { title: 'x' })).status).toBe(404);
    expect((await alice.get(`/api/chats/${chat.id}`)).body).toMatchObject({ title: 'Mine', model: 'offline' });
  });
});

describe('titles written after the first reply', () => {
  it('the offline model’s chat is named by the question’s first words', async () => {
    const chat = await alice.newChat({ model: 'offline' });
    expect(chat.title).toBe('New chat');
    const turn = await alice.send(chat.id, 'How do **Server-Sent Events** resume after a dropped connection, exactly?');
    await alice.settled(turn.assistantMessage.id);
    expect(await titleAfter(chat.id, 'New chat')).toBe('How do Server-Sent Events resume after');
  });

  it('a provider’s model writes the title, in a request of its own', async () => {
    const chat = await alice.newChat({ model: 'openai:titles?tokens=6&rate=0' });
    const turn = await alice.send(chat.id, 'Tell me about streaming');
    await alice.settled(turn.assistantMessage.id);
    expect(await titleAfter(chat.id, 'New chat')).toBe(
      expectedText(6)
        .trim()
        .replace(/[.\s]+$/, ''),
    );
    const titleRequest = server.provider.requests.find((request) => request.model === 'titles?tokens=6&rate=0' && isTitleRequest(request));
    expect(JSON.stringify(titleRequest!.body)).toContain('Write a title');
    expect(JSON.stringify(titleRequest!.body)).toContain('Tell me about streaming');
  });

  it('a chat its owner named keeps its name', async () => {
    const chat = await alice.newChat({ model: 'offline' });
    await patch(alice, `/api/chats/${chat.id}`, { title: 'Named by me' });
    const turn = await alice.send(chat.id, 'Something else entirely');
    await alice.settled(turn.assistantMessage.id);
    const second = await alice.send(chat.id, 'And again');
    await alice.settled(second.assistantMessage.id);
    expect((await alice.get(`/api/chats/${chat.id}`)).body.title).toBe('Named by me');
  });
});
