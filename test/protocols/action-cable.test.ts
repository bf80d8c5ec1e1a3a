import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { cableSecret } from '../../src/protocols/action-cable/cable-secret.ts';
import { signStreamName } from '../../src/protocols/action-cable/signed-stream-name.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';

const allowed = 'http://rails.example:4000';

let server: HotlineUnderTest;
let alice: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_ALLOWED_ORIGINS: allowed });
  alice = await new ApiClient(server.url).signUp();
});
afterAll(() => server.close());

interface CableMessage {
  type?: string;
  identifier?: string;
  message?: unknown;
}

/** A connection speaking the protocol as the stock consumer does: its subprotocols, its commands. */
async function connect(origin?: string) {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/cable`, ['actioncable-v1-json', 'actioncable-unsupported'], origin ? { origin } : {});
  const received: CableMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    received.push(JSON.parse(data.toString()));
    for (const wake of waiters) wake();
  });
  await once(socket, 'open');
  const until = async (predicate: (messages: CableMessage[]) => boolean) => {
    while (!predicate(received)) await new Promise<void>((resolve) => waiters.add(resolve)).finally(() => waiters.clear());
  };
  const identifier = (name: string) => JSON.stringify({ channel: 'Turbo::StreamsChannel', signed_stream_name: name });
  const subscribe = (name: string) => socket.send(JSON.stringify({ command: 'subscribe', identifier: identifier(name) }));
  return { socket, received, until, identifier, subscribe };
}

async function nameFor(client: ApiClient, chatId: string, query = '') {
  const response = await client.get(`/api/chats/${chatId}/cable${query}`);
  return response;
}

describe('Action Cable at /cable', () => {
  it('answers the stock consumer’s subprotocol with welcome and a ping every 3 s', async () => {
    const cable = await connect();
    expect(cable.socket.protocol).toBe('actioncable-v1-json');
    await cable.until((messages) => messages.some((m) => m.type === 'ping'));
    expect(cable.received[0]).toEqual({ type: 'welcome' });
    expect(cable.received.find((m) => m.type === 'ping')!.message).toEqual(expect.any(Number));
    cable.socket.close();
  });

  it('confirms a signed name and sends the chat’s Turbo frames, made of built-in actions only, into #messages', async () => {
    const chat = await alice.newChat({ model: 'openai:fake?tokens=20&rate=0' });
    const issued = await nameFor(alice, chat.id);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({
      url: expect.stringMatching(/^ws:\/\/.+\/cable$/),
      channel: 'Turbo::StreamsChannel',
      signedStreamName: expect.any(String),
    });
    const { assistantMessage } = await alice.send(chat.id, 'Hello');
    await alice.settled(assistantMessage.id);
    const cable = await connect();
    cable.subscribe(issued.body.signedStreamName);
    const id = cable.identifier(issued.body.signedStreamName);
    await cable.until((messages) => messages.some((m) => m.identifier === id && m.type === 'confirm_subscription'));
    await cable.until((messages) => messages.some((m) => typeof m.message === 'string'));
    const frame = cable.received.find((m) => typeof m.message === 'string')!;
    expect(frame.identifier).toBe(id);
    const html = frame.message as string;
    expect(html).toContain('<turbo-stream action="append" target="messages">');
    expect(html).toContain(`id="message_${assistantMessage.id}"`);
    const actions = [...html.matchAll(/<turbo-stream action="([^"]+)"/g)].map((match) => match[1]);
    for (const action of actions) expect(['append', 'prepend', 'replace', 'update', 'remove', 'before', 'after']).toContain(action);
    cable.socket.close();
  });

  it('carries a reply’s tool calls as their cards, with state and output, in built-in actions', async () => {
    const args = encodeURIComponent(JSON.stringify({ timeZone: 'Europe/Paris' }));
    const chat = await alice.newChat({ model: `openai:cable-tools?tokens=5&rate=50&tool=current_time&args=${args}`, tools: ['current_time'] });
    const { signedStreamName } = (await nameFor(alice, chat.id)).body;
    const cable = await connect();
    // As turbo-rails does: each frame moves the page's source to a new name, and the consumer subscribes with it.
    cable.socket.on('message', (data) => {
      const moved = /<turbo-cable-stream-source[^>]*signed-stream-name="([^"]+)"/.exec(String(JSON.parse(data.toString()).message ?? ''));
      if (moved) cable.subscribe(moved[1]!);
    });
    cable.subscribe(signedStreamName);
    await cable.until((messages) => messages.some((m) => m.type === 'confirm_subscription'));
    const { assistantMessage } = await alice.send(chat.id, 'What time is it in Paris?');
    const frames = () => cable.received.flatMap((m) => (typeof m.message === 'string' ? [m.message] : []));
    const card = /<details[^>]*data-testid="tool-call"[^>]*data-state="([a-z_]+)"[\s\S]*?<\/details>/;
    await cable.until(() => frames().some((html) => card.exec(html)?.[1] === 'done'));
    const done = frames()
      .map((html) => card.exec(html))
      .find((match) => match?.[1] === 'done')![0];
    expect(done).toContain('<code>current_time</code>');
    expect(done).toContain('Europe/Paris');
    expect(done).toContain('tool-call__output');
    await alice.settled(assistantMessage.id);
    for (const action of frames().flatMap((html) => [...html.matchAll(/<turbo-stream action="([^"]+)"/g)].map((match) => match[1]))) {
      expect(['append', 'prepend', 'replace', 'update', 'remove', 'before', 'after']).toContain(action);
    }
    cable.socket.close();
  });

  it('rejects a forged name, an expired one, a name for another channel, and refuses another user’s chat', async () => {
    const chat = await alice.newChat({ model: 'openai:fake?tokens=5&rate=0' });
    const { signedStreamName } = (await nameFor(alice, chat.id)).body;
    const other = await alice.newChat({ model: 'openai:fake?tokens=5&rate=0' });
    const secret = await cableSecret(server.hotline);
    const expired = signStreamName(secret, {
      chatId: chat.id,
      userId: signedStreamName.split(':')[1],
      position: { messageId: null },
      expiresAt: Date.now() - 1,
    });
    const forgedChat = signedStreamName.replace(chat.id, other.id);
    const forgedMac = signedStreamName.slice(0, -1) + (signedStreamName.endsWith('A') ? 'B' : 'A');
    const cable = await connect();
    for (const name of [expired, forgedChat, forgedMac, 'nonsense']) cable.subscribe(name);
    const wrongChannel = JSON.stringify({ channel: 'ChatChannel', signed_stream_name: signedStreamName });
    cable.socket.send(JSON.stringify({ command: 'subscribe', identifier: wrongChannel }));
    const rejected = [expired, forgedChat, forgedMac, 'nonsense'].map(cable.identifier).concat(wrongChannel);
    await cable.until((messages) => rejected.every((identifier) => messages.some((m) => m.identifier === identifier && m.type === 'reject_subscription')));
    expect(cable.received.filter((m) => m.type === 'confirm_subscription')).toEqual([]);
    cable.socket.close();

    const bob = await new ApiClient(server.url).signUp();
    expect((await nameFor(bob, chat.id)).status).toBe(404);
    expect((await nameFor(alice, chat.id, '?after=nope')).status).toBe(400);
  });

  it('rejects a name once its chat is gone', async () => {
    const chat = await alice.newChat({ model: 'openai:fake?tokens=5&rate=0' });
    const { signedStreamName } = (await nameFor(alice, chat.id)).body;
    await alice.delete(`/api/chats/${chat.id}`);
    const cable = await connect();
    cable.subscribe(signedStreamName);
    await cable.until((messages) => messages.some((m) => m.type === 'reject_subscription'));
    cable.socket.close();
  });

  it('opens only for the app’s own origin and the allowed ones', async () => {
    const own = await connect(server.url);
    own.socket.close();
    const listed = await connect(allowed);
    listed.socket.close();
    await expect(connect('http://evil.example')).rejects.toThrow(/403/);
  });
});

describe('the per-user stream cap on Action Cable', () => {
  let capped: HotlineUnderTest;
  beforeAll(async () => {
    capped = await startHotline({ HOTLINE_SUBSCRIPTIONS_PER_USER: '1' });
  });
  afterAll(() => capped.close());

  it('rejects a subscription past HOTLINE_SUBSCRIPTIONS_PER_USER', async () => {
    const carol = await new ApiClient(capped.url).signUp();
    const names: string[] = [];
    for (const title of ['first', 'second']) names.push((await nameFor(carol, (await carol.newChat({ title })).id)).body.signedStreamName);
    const socket = new WebSocket(`${capped.url.replace('http', 'ws')}/cable`, ['actioncable-v1-json']);
    const received: CableMessage[] = [];
    socket.on('message', (data) => received.push(JSON.parse(data.toString())));
    await once(socket, 'open');
    socket.send(JSON.stringify({ command: 'subscribe', identifier: JSON.stringify({ channel: 'Turbo::StreamsChannel', signed_stream_name: names[0] }) }));
    while (!received.some((m) => m.type === 'confirm_subscription')) await once(socket, 'message');
    const second = JSON.stringify({ channel: 'Turbo::StreamsChannel', signed_stream_name: names[1] });
    socket.send(JSON.stringify({ command: 'subscribe', identifier: second }));
    while (!received.some((m) => m.identifier === second && m.type === 'reject_subscription')) await once(socket, 'message');
    socket.close();
  });
});
