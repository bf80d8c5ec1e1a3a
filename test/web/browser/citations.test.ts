import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp } from '../support/chromium.ts';

describe.skipIf(!chromiumUp)('knowledge-base citations', () => {
  const t = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_MODEL: 'offline', HOTLINE_OFFLINE_TOKENS_PER_SECOND: '2000' });

  it('link to their source: the document’s address, or its entry in the sources, which opens', async () => {
    const page = await t.browser.newPage();
    const account = await signUpInBrowser(page, t.server.url);
    const api = new ApiClient(t.server.url, (await new ApiClient(t.server.url).post('/api/session', account)).body.token);
    await api.post('/api/documents', {
      title: 'Expense policy',
      url: 'https://intranet.example/expenses',
      text: 'Meals on business trips are reimbursed up to 40 euros a day.',
    });
    await api.post('/api/documents', { title: 'Travel guide', text: 'Business trips: book meals with the company card; meals are reimbursed with receipts.' });
    const chat = await api.newChat({ model: 'offline', knowledgeBase: true });
    const turn = await api.send(chat.id, 'Are meals on business trips reimbursed?');
    await api.settled(turn.assistantMessage.id);

    await page.goto(`${t.server.url}/chats/${chat.id}`);
    await waitForStatus(page, turn.assistantMessage.id, 'completed');
    const citations = page.locator(`#message_${turn.assistantMessage.id} [data-testid=message-content] a[data-testid=citation]`);
    const targets = await citations.evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]));
    const byNumber = new Map(targets as Array<[string, string]>);
    const sources = await page.$$eval(`#message_${turn.assistantMessage.id} [data-testid=sources] li`, (items) =>
      items.map((item) => [item.id, item.querySelector('.sources__title')!.textContent]),
    );
    for (const [n, href] of byNumber) {
      const [id, title] = sources[Number(n) - 1]!;
      expect(href).toBe(title === 'Expense policy' ? 'https://intranet.example/expenses' : `#${id}`);
    }
    expect(byNumber.size).toBe(2);

    // A citation of a document without an address leads to it in the folded list, which opens.
    const local = [...byNumber].find(([, href]) => href.startsWith('#'))![0];
    await citations
      .filter({ hasText: new RegExp(`^${local}$`) })
      .first()
      .click();
    expect(await page.locator(`#message_${turn.assistantMessage.id} [data-testid=sources]`).getAttribute('open')).not.toBeNull();
  });
});
