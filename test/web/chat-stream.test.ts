import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { appendedIds, isFinal, openTurboStream } from './support/turbo-sse-client.ts';
import { renderedPosition, WebClient } from './support/web-client.ts';

let server: HotlineUnderTest;

beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_KEEPALIVE_MS: '200' });
});
afterAll(() => server.close());

async function signedInWithChat(model = 'openai:fake?tokens=300&rate=100') {
  const browser = new WebClient(server.url);
  const account = await browser.signUp();
  const chatId = await browser.newChat({ model });
  const api = new ApiClient(server.url, (await new ApiClient(server.url).post('/api/session', account)).body.token);
  return { browser, chatId, api };
}

/** Only `<turbo-stream>` elements, and nothing around them. */
const onlyTurboStreams = (data: string) => data.replace(/<turbo-stream [^>]*><template>[\s\S]*?<\/template><\/turbo-stream>/g, '') === '';

describe("a chat's stream over SSE", () => {
  it('sends unnamed events made only of <turbo-stream> elements, each with the position as its id', async () => {
    const { browser, chatId, api } = await signedInWithChat();
    const page = (await browser.get(`/chats/${chatId}`)).text;
    const stream = await openTurboStream(`${server.url}/chats/${chatId}/stream?position=${renderedPosition(page)}`, browser.cookieHeader);
    expect(stream.status).toBe(200);
    const { assistantMessage } = await api.send(chatId, 'Hi');
    await stream.until((events) => events.some((e) => isFinal(e, assistantMessage.id)));
    stream.cut();
    expect(stream.retry).toBeGreaterThan(0);
    expect(stream.events.length).toBeGreaterThan(3);
    for (const event of stream.events) {
      expect(event.event).toBeUndefined();
      expect(event.id).toBeTruthy();
      expect(onlyTurboStreams(event.data), event.data.slice(0, 200)).toBe(true);
    }
  });

  it('resumes from Last-Event-ID (which wins over the URL) with every block exactly once', async () => {
    const { browser, chatId, api } = await signedInWithChat();
    const pagePosition = renderedPosition((await browser.get(`/chats/${chatId}`)).text);
    const url = `${server.url}/chats/${chatId}/stream?position=${pagePosition}`;
    const first = await openTurboStream(url, browser.cookieHeader);
    const { assistantMessage } = await api.send(chatId, 'Hi');
    await first.until((events) => appendedIds(events).length >= 3);
    first.cut();
    await first.closed;
    const lastId = first.events.at(-1)!.id!;

    const second = await openTurboStream(url, browser.cookieHeader, lastId);
    await second.until((events) => events.some((e) => isFinal(e, assistantMessage.id)));
    second.cut();
    expect(second.events.some((e) => e.data.includes('action="append_once"'))).toBe(false);
    const blocks = [...appendedIds(first.events), ...appendedIds(second.events)];
    expect(new Set(blocks).size).toBe(blocks.length);
    expect(blocks).toEqual(blocks.map((_, i) => `message_${assistantMessage.id}_block_${i}`));
  });

  it('streams on from exactly where a page rendered mid-reply ends', async () => {
    const { browser, chatId, api } = await signedInWithChat('openai:fake?tokens=400&rate=100');
    const { assistantMessage } = await api.send(chatId, 'Hi');
    const id = assistantMessage.id as string;
    let page = '';
    for (let i = 0; i < 400 && (page.match(new RegExp(`id="message_${id}_block_`, 'g')) ?? []).length < 4; i++) {
      page = (await browser.get(`/chats/${chatId}`)).text;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(page).toContain(`id="message_${id}" class="message message--assistant" data-testid="message" data-role="assistant" data-status="streaming"`);
    const onPage = (page.match(new RegExp(`id="message_${id}_block_`, 'g')) ?? []).length;
    const stream = await openTurboStream(`${server.url}/chats/${chatId}/stream?position=${renderedPosition(page)}`, browser.cookieHeader);
    await stream.until((events) => events.some((e) => isFinal(e, id)));
    stream.cut();
    const finals = stream.events.filter((e) => e.data.includes(`action="replace" target="message_${id}"`));
    expect(finals).toHaveLength(1);
    expect(stream.events.at(-1)).toBe(finals[0]);
    const blocks = appendedIds(stream.events);
    expect(blocks).toEqual(blocks.map((_, i) => `message_${id}_block_${onPage + i}`));
  });

  it('after a reply, goes on with the chat: a reply started later arrives on the same connection', async () => {
    const { browser, chatId, api } = await signedInWithChat('openai:fake?tokens=10&rate=0');
    const stream = await openTurboStream(`${server.url}/chats/${chatId}/stream?position=start`, browser.cookieHeader);
    const one = await api.send(chatId, 'One');
    await api.settled(one.assistantMessage.id);
    const two = await api.send(chatId, 'Two');
    // Reply two may have ended before the stream met it: then it arrives in its final form at once.
    const endedTwo = new RegExp(`id="message_${two.assistantMessage.id}"[^>]*data-status="completed"`);
    await stream.until((events) => events.some((e) => endedTwo.test(e.data)));
    stream.cut();
    const appended = stream.events.filter((e) => e.data.includes('action="append_once"')).map((e) => e.data);
    expect(appended.join('')).toContain(`id="message_${one.userMessage.id}"`);
    expect(appended.join('')).toContain(`id="message_${two.userMessage.id}"`);
  });

  it('refuses a reader who may not follow the chat, on every connection, so EventSource stops for good', async () => {
    const { browser, chatId } = await signedInWithChat();
    const other = await signedInWithChat();
    const url = `${server.url}/chats/${chatId}/stream`;
    expect((await openTurboStream(url, '')).status).toBe(401);
    expect((await openTurboStream(url, other.browser.cookieHeader)).status).toBe(404);
    const theirMessage = (await other.api.send(other.chatId, 'Mine')).assistantMessage.id;
    expect((await openTurboStream(`${url}?position=${theirMessage}`, browser.cookieHeader)).status).toBe(400);
    expect((await openTurboStream(url, browser.cookieHeader, 'not a position!')).status).toBe(400);
  });

  it('ends when the chat is deleted or the reader signs out, and is refused when it comes back', async () => {
    const { browser, chatId, api } = await signedInWithChat();
    const url = `${server.url}/chats/${chatId}/stream?position=start`;
    const stream = await openTurboStream(url, browser.cookieHeader);
    await api.delete(`/api/chats/${chatId}`);
    await stream.closed;
    expect((await openTurboStream(url, browser.cookieHeader)).status).toBe(404);

    const second = await signedInWithChat();
    const secondUrl = `${server.url}/chats/${second.chatId}/stream?position=start`;
    const cookie = second.browser.cookieHeader;
    const open = await openTurboStream(secondUrl, cookie);
    await second.browser.post('/signout');
    await open.closed;
    expect((await openTurboStream(secondUrl, cookie)).status).toBe(401);
  });
});

describe("a chat's stream over WebSocket", () => {
  const socketUrl = (chatId: string, position = 'start') => `${server.url.replace('http', 'ws')}/chats/${chatId}/socket?position=${position}`;

  function connect(url: string, cookie: string, origin = server.url) {
    const socket = new WebSocket(url, { headers: { cookie, origin } });
    const frames: Array<{ id: string; html: string }> = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    return { socket, frames, closed };
  }

  it('delivers frames with their position, and resumes from the last one exactly', async () => {
    const { browser, chatId, api } = await signedInWithChat();
    const first = connect(socketUrl(chatId), browser.cookieHeader);
    await new Promise((resolve) => first.socket.once('open', resolve));
    const { assistantMessage } = await api.send(chatId, 'Hi');
    while (appendedIds(first.frames.map((f) => ({ event: undefined, id: f.id, data: f.html }))).length < 3) {
      await new Promise((resolve) => first.socket.once('message', resolve));
    }
    first.socket.terminate();
    const resumeFrom = first.frames.at(-1)!.id;

    const second = connect(socketUrl(chatId, resumeFrom), browser.cookieHeader);
    while (!second.frames.some((f) => f.html.includes(`action="replace" target="message_${assistantMessage.id}"`))) {
      await new Promise((resolve) => second.socket.once('message', resolve));
    }
    second.socket.close();
    const asEvents = (frames: typeof first.frames) => frames.map((f) => ({ event: undefined, id: f.id, data: f.html }));
    const blocks = [...appendedIds(asEvents(first.frames)), ...appendedIds(asEvents(second.frames))];
    expect(blocks).toEqual(blocks.map((_, i) => `message_${assistantMessage.id}_block_${i}`));
  });

  it('closes with a 44xx code, final for our controller, when the reader may not follow', async () => {
    const { browser, chatId } = await signedInWithChat();
    const other = await signedInWithChat();
    expect(await connect(socketUrl(chatId), '').closed).toBe(4401);
    expect(await connect(socketUrl(chatId), other.browser.cookieHeader).closed).toBe(4404);
    expect(await connect(socketUrl(chatId, 'bad!'), browser.cookieHeader).closed).toBe(4400);
  });

  it('closes for good when the reader signs out', async () => {
    const { browser, chatId } = await signedInWithChat();
    const open = connect(socketUrl(chatId), browser.cookieHeader);
    await new Promise((resolve) => open.socket.once('open', resolve));
    await browser.post('/signout');
    expect(await open.closed).toBe(4403);
  });
});
