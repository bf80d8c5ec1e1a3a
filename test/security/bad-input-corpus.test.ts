import { describe, expect, it } from 'vitest';
import { signedInHotline } from '../support/signed-in-hotline.ts';
import { WebClient } from '../web/support/web-client.ts';

/**
 * Hostile and broken input, sent to every JSON route and every form: each answers a clear 4xx in the
 * contract's shape (a page, for forms) and stores nothing.
 */
const context = signedInHotline({ HOTLINE_RATE_LIMITS: 'off' });

async function storedRows(): Promise<Record<string, number>> {
  const db = context.server.hotline.db.kysely;
  const counts: Record<string, number> = {};
  for (const table of ['users', 'chats', 'messages', 'documents', 'chunks'] as const) {
    const row = await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** The JSON routes that take a body, with a valid body each: the corpus spoils one field at a time. */
const jsonRoutes = (chatId: string) => [
  { path: '/api/users', body: { email: 'new@example.com', password: 'correct horse' }, anonymous: true },
  { path: '/api/session', body: { email: 'someone@example.com', password: 'correct horse' }, anonymous: true },
  { path: '/api/chats', body: { title: 'A title', model: 'offline', system: 'Be brief.', knowledgeBase: false } },
  { path: `/api/chats/${chatId}/messages`, body: { content: 'Hello' } },
  { path: '/api/documents', body: { title: 'Doc', text: 'Some text', url: 'https://example.com/doc', type: 'markdown' } },
];

const overLong: Record<string, number> = {
  email: 300,
  password: 300,
  title: 10_000,
  model: 300,
  system: 70 * 1024,
  content: 70 * 1024,
  text: 6 * 1024 * 1024,
  url: 3000,
  type: 300,
};

function spoiledBodies(body: Record<string, unknown>): Array<[string, string]> {
  const cases: Array<[string, string]> = [
    ['malformed JSON', '{"content": "unterminated'],
    ['a JSON null', 'null'],
    ['an array', '[1, 2]'],
    ['a number', '7'],
    ['a __proto__ key', `{"__proto__": {"isAdmin": true}, ${JSON.stringify(body).slice(1)}`],
    ['a constructor.prototype key', `{"constructor": {"prototype": {"isAdmin": true}}, ${JSON.stringify(body).slice(1)}`],
  ];
  for (const [field, value] of Object.entries(body)) {
    const withField = (v: unknown) => JSON.stringify({ ...body, [field]: v });
    for (const wrong of [7, [], {}, true, null].filter((w) => typeof w !== typeof value)) {
      if (wrong === null && field !== 'email' && field !== 'password' && field !== 'content' && field !== 'text') continue; // optional fields take null
      cases.push([`${field} as ${JSON.stringify(wrong)}`, withField(wrong)]);
    }
    if (typeof value === 'string') {
      cases.push([`${field} with a NUL`, withField(`${value}\u0000x`)]);
      cases.push([`${field} with a lone high surrogate`, withField(`${value}\ud800`)]);
      cases.push([`${field} with a lone low surrogate`, withField(`\udfff${value}`)]);
      cases.push([`${field} over-long`, withField('x'.repeat(overLong[field] ?? 100_000))]);
    }
  }
  return cases;
}

describe('bad input to every JSON route', () => {
  it('answers every spoiled body with a 4xx in the contract shape, and stores nothing', async () => {
    const { client } = context;
    const chat = await client.newChat({ model: 'offline' });
    const before = await storedRows();
    const failures: string[] = [];
    for (const route of jsonRoutes(chat.id)) {
      for (const [what, body] of spoiledBodies(route.body)) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (!route.anonymous) headers.authorization = `Bearer ${client.token}`;
        const response = await fetch(context.server.url + route.path, { method: 'POST', headers, body });
        const text = await response.text();
        let parsed: any;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const shaped = typeof parsed?.error?.code === 'string' && typeof parsed?.error?.message === 'string' && Object.keys(parsed).length === 1;
        // Sign-in answers a wrong password with 401 whatever the body held; everything else must be refused as input.
        const refused = response.status >= 400 && response.status < 500 && response.status !== 404;
        if (!refused || !shaped) failures.push(`${route.path} ${what}: ${response.status} ${text.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await storedRows()).toEqual(before);
  });

  it('refuses __proto__ keys instead of parsing them into the body', async () => {
    const response = await context.client.request('POST', '/api/chats', '{"__proto__": {"title": "polluted"}}');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_json');
  });
});

describe('bad ids and query parameters on every route', () => {
  const longId = 'a'.repeat(150);
  const routes = (id: string): Array<[string, string]> => [
    ['GET', `/api/chats/${id}`],
    ['DELETE', `/api/chats/${id}`],
    ['POST', `/api/chats/${id}/messages`],
    ['GET', `/api/messages/${id}`],
    ['GET', `/api/messages/${id}/events`],
    ['POST', `/api/messages/${id}/stop`],
    ['POST', `/api/messages/${id}/retry`],
    ['DELETE', `/api/documents/${id}`],
  ];

  it('answers malformed, over-long and NUL ids in the contract shape, never echoing the address', async () => {
    const failures: string[] = [];
    for (const id of ['%ff', '%E0%A4%A', longId, '%00', 'x%00y']) {
      for (const [method, path] of routes(id)) {
        const response = await context.client.request(method, path, method === 'POST' && path.endsWith('messages') ? { content: 'hi' } : undefined);
        const body = JSON.stringify(response.body ?? null);
        const ok = [400, 404].includes(response.status) && typeof response.body?.error?.code === 'string' && !body.includes(longId) && !body.includes('%ff');
        if (!ok) failures.push(`${method} ${path.slice(0, 40)}: ${response.status} ${body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers a repeated query parameter with 400 on the API, and a page on the web side', async () => {
    const { client, server } = context;
    const chat = await client.newChat({ model: 'offline' });
    const { assistantMessage } = await client.send(chat.id, 'Hi');
    for (const path of [
      '/api/chats?limit=5&limit=6',
      `/api/messages/${assistantMessage.id}/events?lastEventId=a&lastEventId=b`,
      `/api/chats/${chat.id}?x=1&x=2`,
    ]) {
      const response = await client.get(path);
      expect(response.status, path).toBe(400);
      expect(response.body.error.code, path).toBe('invalid_query');
    }

    const browser = new WebClient(server.url);
    await browser.signUp();
    const own = await browser.post('/chats', { model: 'offline' });
    const chatPath = own.headers.get('location')!;
    const stream = await browser.get(`${chatPath}/stream?position=start&position=start`);
    expect(stream.status).toBe(400);
    expect(stream.headers.get('content-type')).toContain('text/html');
  });

  it('pages the chat list only with a valid limit and cursor', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'before=not-a-cursor', 'before=%00']) {
      const response = await context.client.get(`/api/chats?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code, query).toBe('invalid_query');
    }
  });
});

describe('bad input to every form', () => {
  it('answers each spoiled form with a 4xx page and stores nothing', async () => {
    const browser = new WebClient(context.server.url);
    await browser.signUp();
    const created = await browser.post('/chats', { model: 'offline' });
    const chatPath = created.headers.get('location')!;
    await browser.get(chatPath);
    const before = await storedRows();
    const forms: Array<[string, Record<string, string>]> = [
      ['/chats', { title: 'x'.repeat(10_000) }],
      ['/chats', { title: 'bad\u0000title' }],
      ['/chats', { model: 'x'.repeat(300) }],
      ['/chats', { system: 'x'.repeat(70 * 1024) }],
      [`${chatPath}/messages`, { content: 'hello\u0000' }],
      [`${chatPath}/messages`, { content: 'x'.repeat(70 * 1024) }],
      ['/documents/text', { title: 'Doc', text: 'text\u0000' }],
      ['/documents/text', { title: 'x'.repeat(400), text: 'text' }],
      ['/documents/text', { title: 'Doc', text: 'text', url: 'javascript:alert(1)' }],
    ];
    for (const [path, fields] of forms) {
      const response = await browser.post(path, fields);
      expect(response.status, `${path} ${JSON.stringify(fields).slice(0, 60)}`).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('content-type')).toContain('text/html');
    }
    const signup = new WebClient(context.server.url);
    await signup.get('/signup');
    for (const fields of [
      { email: 'nul@example.com', password: 'pass\u0000word' },
      { email: 'x'.repeat(300) + '@example.com', password: 'correct horse' },
    ]) {
      const response = await signup.post('/signup', fields);
      expect(response.status).toBe(422);
    }
    expect(await storedRows()).toEqual(before);
  });
});
