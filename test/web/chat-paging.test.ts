import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeChatCursor } from '../../src/chats/chat-store.ts';
import { createIdGenerator } from '../../src/ids.ts';
import { signUpUser } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { freshPostgresDatabase, postgresUp } from '../support/services.ts';
import { WebClient } from './support/web-client.ts';

/** The chat ids a page links to with `data-testid=chat-link`, in the page's order. */
const chatLinks = (page: string): string[] => [...page.matchAll(/href="\/chats\/([^"/]+)"[^>]*data-testid="chat-link"/g)].map((match) => match[1]!);

/** The address of the link with this test id, as a browser follows it. */
const linkOf = (page: string, testId: string): string | undefined =>
  new RegExp(`<a href="([^"]+)"[^>]*data-testid="${testId}"`).exec(page)?.[1]?.replace(/&amp;/g, '&');

/** Base64url of any JSON: a cursor as someone who read how the server's cursors look would forge one. */
const forged = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const newId = createIdGenerator();

const backends: Array<[string, boolean, () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>]> = [
  ['SQLite', true, async () => ({ env: {}, drop: async () => {} })],
  [
    'PostgreSQL',
    postgresUp,
    async () => {
      const database = await freshPostgresDatabase();
      return { env: { DATABASE_URL: database.url }, drop: database.drop };
    },
  ],
];

describe.each(backends)('the web app’s chat lists, on %s', (_name, available, database) => {
  let server: HotlineUnderTest;
  let drop: () => Promise<void>;
  let browser: WebClient;
  /** When each of the signed-in user's chats was last active, by id: the order every list must follow. */
  const activity = new Map<string, string>();
  let strangersChats: string[];
  let oldestFirst: string[];

  /**
   * 120 chats of the signed-in user, three to a minute (so that pages end inside a run of chats equally
   * active, where only the id orders them), and as many of a stranger at the same times.
   */
  async function seedChats(userId: string, title: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      const createdAt = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 60_000).toISOString();
      const chat = await server.hotline.chats.create({
        id: newId(),
        userId,
        title: `${title} ${i}`,
        model: 'offline',
        system: null,
        knowledgeBase: false,
        createdAt,
      });
      ids.push(chat.id);
    }
    return ids;
  }

  beforeAll(async () => {
    if (!available) return;
    const storage = await database();
    drop = storage.drop;
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', ...storage.env });
    browser = new WebClient(server.url);
    const { email } = await browser.signUp();
    const user = (await server.hotline.users.findByEmail(email))!;
    const stranger = await signUpUser(server.url);
    strangersChats = await seedChats(stranger.user.id, 'Stranger’s chat');
    oldestFirst = await seedChats(user.id, 'My chat');
    for (const id of oldestFirst) activity.set(id, (await server.hotline.chats.find(user.id, id))!.createdAt);
    // Writing in two of the oldest chats makes them the most recently active.
    for (const id of [oldestFirst[0]!, oldestFirst[1]!]) {
      await browser.get(`/chats/${id}`);
      expect((await browser.post(`/chats/${id}/messages`, { content: 'Still there?' })).status).toBe(303);
      const newest = await server.hotline.db.kysely
        .selectFrom('messages')
        .select('created_at')
        .where('chat_id', '=', id)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      activity.set(id, newest.created_at);
    }
  });
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  /** Every page of the home page's list, from the first, by its "Older chats" links. */
  async function followOlderChats(): Promise<string[]> {
    const pages: string[] = [];
    let path: string | undefined = '/';
    while (path) {
      expect(pages.length, 'pages').toBeLessThan(10);
      const response = await browser.get(path);
      expect(response.status, path).toBe(200);
      pages.push(response.text);
      path = linkOf(response.text, 'older-chats');
    }
    return pages;
  }

  it.skipIf(!available)('lists 50 chats a page on the home page, and its “Older chats” links visit every chat once, newest-active first', async () => {
    const pages = await followOlderChats();
    expect(pages.map((page) => chatLinks(page).length)).toEqual([50, 50, 20]);
    const seen = pages.flatMap(chatLinks);
    expect(seen).toHaveLength(120);
    expect(new Set(seen)).toEqual(new Set(oldestFirst));
    expect(new Set(seen.slice(0, 2))).toEqual(new Set(oldestFirst.slice(0, 2)));
    // Chats equally active may come in any order of their ids, but never out of order in time.
    const newestActiveFirst = [...activity.values()].sort().reverse();
    expect(seen.map((id) => activity.get(id))).toEqual(newestActiveFirst);
  });

  it.skipIf(!available)('leads from every later page back to the newest chats, and says so when a page is past the last chat', async () => {
    const [first, ...later] = await followOlderChats();
    expect(linkOf(first!, 'newest-chats')).toBeUndefined();
    for (const page of later) expect(linkOf(page, 'newest-chats')).toBe('/');
    const last = oldestFirst[2]!;
    const pastTheEnd = await browser.get(`/?before=${encodeChatCursor({ activity: activity.get(last)!, id: last })}`);
    expect(pastTheEnd.status).toBe(200);
    expect(chatLinks(pastTheEnd.text)).toEqual([]);
    expect(pastTheEnd.text).toContain('No older chats.');
  });

  it.skipIf(!available)('shows the 50 newest-active chats beside a chat, and “More chats” goes on with the 51st', async () => {
    const [first, second] = await followOlderChats();
    const chatPage = await browser.get(`/chats/${oldestFirst[60]}`);
    expect(chatPage.status).toBe(200);
    expect(chatLinks(chatPage.text)).toEqual(chatLinks(first!));
    const more = linkOf(chatPage.text, 'more-chats');
    expect(more).toBe(linkOf(first!, 'older-chats'));
    expect(chatLinks((await browser.get(more!)).text)).toEqual(chatLinks(second!));
  });

  it.skipIf(!available)('pages the sidebar of a chat page shown again with a refused message', async () => {
    await browser.get(`/chats/${oldestFirst[5]}`);
    const refused = await browser.post(`/chats/${oldestFirst[5]}/messages`, { content: '   ' });
    expect(refused.status).toBe(422);
    expect(chatLinks(refused.text)).toHaveLength(50);
    expect(linkOf(refused.text, 'more-chats')).toMatch(/^\/\?before=/);
  });

  it.skipIf(!available)('offers no “More chats” or “Older chats” to a user whose chats fit on one page', async () => {
    const newcomer = new WebClient(server.url);
    await newcomer.signUp();
    const chatId = await newcomer.newChat({ model: 'offline' });
    const home = (await newcomer.get('/')).text;
    expect(chatLinks(home)).toEqual([chatId]);
    expect(linkOf(home, 'older-chats')).toBeUndefined();
    expect(home).not.toContain('Pages of your chats');
    expect(linkOf((await newcomer.get(`/chats/${chatId}`)).text, 'more-chats')).toBeUndefined();
  });

  it.skipIf(!available)('refuses a malformed cursor with a 400 page that shows no chat and nothing of the server', async () => {
    const malformed = [
      'not-a-cursor',
      '',
      forged(['2026-01-01T00:00:00.000Z']),
      forged([1, 2]),
      forged(['not a time', 'x']),
      forged(['2026-01-01T00:00:00.000Z', 'x'.repeat(101)]),
      // PostgreSQL refuses a NUL in text: handed to the database, it was a 500.
      forged(['2026-01-01T00:00:00.000Z\u0000', 'x']),
      forged(['2026-01-01T00:00:00.000Z', '\ud800']),
      encodeURIComponent('{"activity":"2026-01-01T00:00:00.000Z"}'),
      '%00',
    ];
    for (const before of malformed) {
      const response = await browser.get(`/?before=${before}`);
      expect(response.status, before).toBe(400);
      expect(response.headers.get('content-type'), before).toContain('text/html');
      expect(chatLinks(response.text), before).toEqual([]);
      expect(response.text, before).toContain('<a href="/">Back to your chats</a>');
      expect(response.text, before).not.toMatch(/stack|at \S+ \(|node_modules|select |Something went wrong/i);
    }
    expect((await browser.get('/?before=not-a-cursor')).text).toContain('This link to older chats is broken.');
    const stranger = await signUpUser(server.url);
    for (const before of malformed) {
      const response = await stranger.client.get(`/api/chats?before=${before}`);
      expect(response.status, before).toBe(400);
      expect(response.body.error.code, before).toBe('invalid_query');
    }
  });

  it.skipIf(!available)('never lists another user’s chats, not even from a cursor made of one of them', async () => {
    const seen = (await followOlderChats()).flatMap(chatLinks);
    const sidebar = chatLinks((await browser.get(`/chats/${oldestFirst[0]}`)).text);
    const theirs = new Set(strangersChats);
    expect([...seen, ...sidebar].filter((id) => theirs.has(id))).toEqual([]);
    const theirChat = (await server.hotline.chats.findById(strangersChats[90]!))!;
    const fromTheirs = await browser.get(`/?before=${encodeChatCursor({ activity: theirChat.createdAt, id: theirChat.id })}`);
    expect(fromTheirs.status).toBe(200);
    const listed = chatLinks(fromTheirs.text);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((id) => activity.has(id))).toBe(true);
    expect(fromTheirs.text).not.toContain('Stranger’s chat');
  });
});
