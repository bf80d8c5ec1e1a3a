import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { WebClient } from './support/web-client.ts';

let server: HotlineUnderTest;

beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_OFFLINE_TOKENS_PER_SECOND: '1000', HOTLINE_MAX_DOCUMENT_BYTES: '20000' });
});
afterAll(() => server.close());

const handbook = `# Travel handbook

## Meals

Meals on business trips are reimbursed up to 40 euros a day, with receipts.

## Trains

Book second class for trips under four hours; first class above that.
`;

/** A browser signed in on the documents page, and the same user's API client to see what is stored. */
async function signedIn(): Promise<WebClient & { api: ApiClient }> {
  const browser = new WebClient(server.url);
  const account = await browser.signUp();
  await browser.get('/documents');
  const session = await new ApiClient(server.url).post('/api/session', account);
  return Object.assign(browser, { api: new ApiClient(server.url, session.body.token) });
}

const storedDocuments = async (api: ApiClient) => (await api.get('/api/documents')).body.documents as Array<{ title: string; chunks: number }>;

/** The documents listed on the page, as the reader sees them. */
function listed(page: string) {
  return [...page.matchAll(/<li class="documents__item" data-testid="document" data-document-id="([^"]+)">([\s\S]*?)<\/li>/g)].map((m) => ({
    id: m[1]!,
    title: /class="documents__title"[^>]*>([^<]*)</.exec(m[2]!)![1]!,
    type: /data-testid="document-type">([^<]*)</.exec(m[2]!)![1]!,
    chunks: /data-testid="document-chunks">([^<]*)</.exec(m[2]!)![1]!,
    link: /<a class="documents__title" href="([^"]*)"/.exec(m[2]!)?.[1],
  }));
}

const errorOn = (page: string) => /data-testid="document-error">([^<]*)</.exec(page)?.[1];

describe('the documents page', () => {
  it('is linked from the header and sends a signed-out visitor to sign in', async () => {
    expect((await new WebClient(server.url).get('/documents')).headers.get('location')).toBe('/signin');
    const browser = new WebClient(server.url);
    await browser.signUp();
    const home = await browser.get('/');
    expect(home.text).toContain('<a href="/documents">Documents</a>');
    const page = await browser.get('/documents');
    expect(page.status).toBe(200);
    expect(page.text).toContain('No documents yet');
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('accept=".md,.markdown,.txt,.html,.htm"');
  });

  it('uploads a Markdown file, lists it with its chunk count, and a knowledge-base chat cites it', async () => {
    const browser = await signedIn();
    const uploaded = await browser.upload(
      '/documents',
      { title: '', url: 'https://intranet.example.com/travel?a=1&b=2' },
      { name: 'travel-handbook.md', content: handbook },
    );
    expect(uploaded.status).toBe(303);
    expect(uploaded.headers.get('location')).toMatch(/^\/documents\?added=/);

    const page = (await browser.get(uploaded.headers.get('location')!)).text;
    const [document] = listed(page);
    expect(listed(page)).toHaveLength(1);
    expect(document).toMatchObject({ title: 'travel-handbook.md', type: 'Markdown', link: 'https://intranet.example.com/travel?a=1&amp;b=2' });
    expect(document!.chunks).toMatch(/^[1-9]\d* chunks?$/);
    expect(page).toContain('Added “travel-handbook.md”');
    const stored = await storedDocuments(browser.api);
    expect(stored).toHaveLength(1);
    expect(document!.chunks).toBe(`${stored[0]!.chunks} ${stored[0]!.chunks === 1 ? 'chunk' : 'chunks'}`);

    // The new-chat form offers the knowledge base; the offline model answers from the upload and cites it.
    expect((await browser.get('/chats/new')).text).toContain('name="knowledgeBase"');
    const chatId = await browser.newChat({ model: 'offline', knowledgeBase: 'on' });
    await browser.post(`/chats/${chatId}/messages`, { content: 'How much are meals reimbursed on business trips?' });
    const chat = await settledPage(browser, chatId);
    expect(chat).toContain('40 euros');
    // Cited, with the citation a link to the document's address.
    expect(chat).toMatch(/\[<a class="citation" href="https:\/\/intranet\.example\.com\/travel\?a=1&amp;b=2"[^>]*>1<\/a>\]/);
    expect(chat).toContain('<summary data-testid="sources-summary">1 source used</summary>');
    expect(chat).toMatch(/<details id="message_[^"]+_sources" class="sources" data-testid="sources">/);
    expect(chat).toContain('<a class="sources__title" href="https://intranet.example.com/travel?a=1&amp;b=2"');
    expect(chat).toMatch(/<span class="sources__relevance" title="Relevance">\d{1,3}% relevant<\/span>/);
  });

  it('takes the title, the type from the select, and escapes everything it shows', async () => {
    const browser = await signedIn();
    const evil = '<script>alert(1)</script> & "quotes"';
    const response = await browser.upload(
      '/documents',
      { title: evil, type: 'text' },
      { name: 'notes', content: 'Plain <b>text</b> about the coffee machine.' },
    );
    expect(response.status).toBe(303);
    const page = (await browser.get('/documents')).text;
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(listed(page)[0]).toMatchObject({ title: '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;', type: 'Plain text', link: undefined });

    const html = await browser.upload('/documents', {}, { name: 'page.HTM', content: '<h1>Parking</h1><p>Parking spaces are on level -2.</p>' });
    expect(html.status).toBe(303);
    expect(listed((await browser.get('/documents')).text).map((d) => d.type)).toEqual(['HTML', 'Plain text']);
  });

  it('adds pasted text too', async () => {
    const browser = await signedIn();
    const response = await browser.post('/documents/text', { title: 'Pasted', type: 'markdown', text: '# Pasted\n\nSome pasted words.', url: '' });
    expect(response.status).toBe(303);
    expect(listed((await browser.get('/documents')).text).map((d) => d.title)).toEqual(['Pasted']);
    const empty = await browser.post('/documents/text', { title: 'Nothing', type: 'markdown', text: '   ' });
    expect(empty.status).toBe(422);
    expect(errorOn(empty.text)).toContain('The document is empty');
    expect(empty.text).toContain('value="Nothing"');
  });

  it('refuses an unsupported file, an empty one, a binary one and a too large one, says why, and stores nothing', async () => {
    const browser = await signedIn();
    const cases = [
      { file: { name: 'report.pdf', content: '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj' }, status: 415, message: '.pdf files are not supported' },
      { file: { name: 'empty.md', content: '' }, status: 422, message: 'The document is empty' },
      { file: { name: 'blank.txt', content: '  \n\n  ' }, status: 422, message: 'The document is empty' },
      { file: { name: 'image.md', content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe]) }, status: 422, message: 'binary data' },
      { file: { name: 'big.txt', content: 'word '.repeat(5000) }, status: 413, message: 'too large' },
      { file: { name: 'readme', content: 'No extension and no type chosen.' }, status: 415, message: 'Choose the file&#39;s type' },
    ];
    for (const { file, status, message } of cases) {
      const response = await browser.upload('/documents', { title: 'Refused', url: 'https://example.com/x' }, file);
      expect(response.status, file.name).toBe(status);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(errorOn(response.text), file.name).toContain(message);
      expect(response.text, file.name).toContain('value="https://example.com/x"');
    }
    const noFile = await browser.upload('/documents', { title: 'No file' });
    expect(noFile.status).toBe(422);
    expect(errorOn(noFile.text)).toContain('Choose a file');
    const badUrl = await browser.upload('/documents', { url: 'javascript:alert(1)' }, { name: 'ok.md', content: 'Fine text.' });
    expect(badUrl.status).toBe(422);
    expect(errorOn(badUrl.text)).toContain('source URL');

    expect(listed((await browser.get('/documents')).text)).toEqual([]);
    expect(await storedDocuments(browser.api)).toEqual([]);
  });

  it('deletes a document with a CSRF-protected form', async () => {
    const browser = await signedIn();
    await browser.upload('/documents', {}, { name: 'keep.md', content: 'Keep this one.' });
    await browser.upload('/documents', {}, { name: 'drop.md', content: 'Drop this one.' });
    const page = (await browser.get('/documents')).text;
    const drop = listed(page).find((d) => d.title === 'drop.md')!;
    expect(page).toContain(`action="/documents/${drop.id}/delete"`);

    expect((await browser.request('POST', `/documents/${drop.id}/delete`, { form: {} })).status).toBe(403);
    const deleted = await browser.post(`/documents/${drop.id}/delete`);
    expect(deleted.status).toBe(303);
    const after = (await browser.get(deleted.headers.get('location')!)).text;
    expect(after).toContain('Document deleted.');
    expect(listed(after).map((d) => d.title)).toEqual(['keep.md']);
    expect((await browser.post(`/documents/${drop.id}/delete`)).status).toBe(404);
  });

  it('loads the sample knowledge base in one click, once', async () => {
    const browser = await signedIn();
    const samples = readdirSync(new URL('../../src/knowledge/sample/', import.meta.url)).filter((f) => f.endsWith('.md')).length;
    expect((await browser.get('/documents')).text).toContain('action="/documents/sample"');
    const first = await browser.post('/documents/sample');
    expect(first.status).toBe(303);
    const loaded = (await browser.get(first.headers.get('location')!)).text;
    expect(loaded).toContain(`Loaded ${samples} sample documents.`);
    expect(listed(loaded)).toHaveLength(samples);
    expect(listed(loaded).every((d) => /^[1-9]\d* chunks?$/.test(d.chunks))).toBe(true);
    expect(await storedDocuments(browser.api)).toHaveLength(samples);

    const again = await browser.post('/documents/sample');
    const page = (await browser.get(again.headers.get('location')!)).text;
    expect(page).toContain('The sample documents are already loaded.');
    expect(listed(page)).toHaveLength(samples);
    expect(await storedDocuments(browser.api)).toHaveLength(samples);
  });

  it("cannot delete another user's document (404), which stays", async () => {
    const owner = await new ApiClient(server.url).signUp();
    const created = await owner.post('/api/documents', { title: 'Private', text: 'Private notes.' });
    expect(created.status).toBe(201);
    const browser = await signedIn();
    const response = await browser.post(`/documents/${created.body.id}/delete`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect((await owner.get('/api/documents')).body.documents.map((d: { title: string }) => d.title)).toEqual(['Private']);
    expect((await browser.get('/documents')).text).not.toContain('Private');
  });

  it('refuses every document form post without the CSRF token', async () => {
    const browser = await signedIn();
    for (const path of ['/documents/text', '/documents/sample']) {
      expect((await browser.request('POST', path, { form: { title: 'x', text: 'y', _csrf: 'forged' } })).status, path).toBe(403);
    }
    const form = new FormData();
    form.append('_csrf', 'forged');
    form.append('file', new Blob(['Some text.']), 'forged.md');
    expect((await browser.request('POST', '/documents', { multipart: form })).status).toBe(403);
    expect(listed((await browser.get('/documents')).text)).toEqual([]);
  });
});

/** The chat page once its last reply has finished (the page polls like a reader pressing reload). */
async function settledPage(browser: WebClient, chatId: string): Promise<string> {
  let page = (await browser.get(`/chats/${chatId}`)).text;
  for (let i = 0; i < 400 && page.includes('data-status="streaming"'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    page = (await browser.get(`/chats/${chatId}`)).text;
  }
  expect(page).toMatch(/data-role="assistant" data-status="completed"/);
  return page;
}
