import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';

let server: HotlineUnderTest;
let alice: ApiClient;
let bob: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_MAX_DOCUMENT_BYTES: '20000' });
  alice = await new ApiClient(server.url).signUp();
  bob = await new ApiClient(server.url).signUp();
});
afterAll(() => server.close());

describe('documents', () => {
  it('adds a Markdown document (201), lists it, and deletes it (204)', async () => {
    const created = await alice.post('/api/documents', { title: 'Handbook', text: '# Leave\n\nTwenty days a year.', url: 'https://example.com/handbook' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Handbook', url: 'https://example.com/handbook', chunks: 1 });
    expect(created.body.createdAt).toEqual(expect.any(String));
    expect((await alice.get('/api/documents')).body.documents.map((d: any) => d.id)).toContain(created.body.id);
    expect((await alice.delete(`/api/documents/${created.body.id}`)).status).toBe(204);
    expect((await alice.get('/api/documents')).body.documents).toEqual([]);
  });

  it('reads plain text and HTML, headings included', async () => {
    const text = await alice.post('/api/documents', { title: 'Notes', text: 'Just a line.', type: 'text' });
    expect(text.status).toBe(201);
    const html = await alice.post('/api/documents', {
      title: 'Page',
      type: 'html',
      text: '<h1>Intro</h1><p>Hello <b>there</b>.</p><script>alert(1)</script><h2>Next</h2><p>More text here.</p>',
    });
    expect(html.status).toBe(201);
    expect(html.body.chunks).toBe(2);
    const chunks = await server.hotline.db.kysely.selectFrom('chunks').select(['heading', 'text']).where('document_id', '=', html.body.id).execute();
    expect(chunks.map((c) => c.heading)).toEqual(['Page › Intro', 'Page › Next']);
    expect(chunks.map((c) => c.text).join(' ')).not.toContain('<');
  });

  it('refuses bad documents with the right status and stores nothing', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ title: 'Empty', text: '   ' }, 422, 'empty_document'],
      [{ title: 'Empty HTML', text: '<p>  </p>', type: 'html' }, 422, 'empty_document'],
      [{ title: 'Binary', text: 'PK\u0003\u0004\u0000\u0000binary' }, 422, 'binary_content'],
      [{ title: 'Huge', text: 'x'.repeat(20_001) }, 413, 'too_large'],
      [{ title: 'PDF', text: 'text', type: 'pdf' }, 415, 'unsupported_type'],
      [{ title: '', text: 'text' }, 422, 'invalid_body'],
      [{ title: 'No text' }, 422, 'invalid_body'],
      [{ title: 'Bad URL', text: 'text', url: 'not a url' }, 422, 'invalid_body'],
    ];
    for (const [body, status, code] of cases) {
      const response = await bob.post('/api/documents', body);
      expect([response.status, response.body.error.code]).toEqual([status, code]);
    }
    expect((await bob.get('/api/documents')).body.documents).toEqual([]);
  });

  it('answers 404 for another user’s document, and keeps it', async () => {
    const mine = await alice.post('/api/documents', { title: 'Private', text: 'Only mine.' });
    expect((await bob.delete(`/api/documents/${mine.body.id}`)).status).toBe(404);
    expect((await bob.get('/api/documents')).body.documents.map((d: any) => d.id)).not.toContain(mine.body.id);
    expect((await alice.get('/api/documents')).body.documents.map((d: any) => d.id)).toContain(mine.body.id);
  });

  it('loads the sample knowledge base in one call, once', async () => {
    const carol = await new ApiClient(server.url).signUp();
    const first = await carol.post('/api/documents/sample');
    expect(first.status).toBe(201);
    expect(first.body.documents.length).toBeGreaterThanOrEqual(4);
    expect(first.body.documents.map((d: any) => d.title).join(' ')).toMatch(/Hotline/);
    const again = await carol.post('/api/documents/sample');
    expect(again.body.documents).toEqual([]);
  });
});
