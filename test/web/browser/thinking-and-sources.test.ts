import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import { sendPrompt, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp, launchChromium } from '../support/chromium.ts';

describe.skipIf(!chromiumUp)('a reply from the knowledge base', () => {
  let server: HotlineUnderTest;
  let browser: Browser;

  beforeAll(async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows its thinking steps while they happen, collapses them after, and lists its sources', async () => {
    const page = await browser.newPage();
    const account = await signUpInBrowser(page, server.url);
    const api = new ApiClient(server.url, (await new ApiClient(server.url).post('/api/session', account)).body.token);
    await api.post('/api/documents', { title: 'Expense policy', text: '# Meals\n\nMeals on business trips are reimbursed up to 40 euros a day with receipts.' });

    await page.goto(`${server.url}/chats/new`);
    await page.fill('input[name=model]', 'openai:kb?tokens=250&rate=40');
    await page.check('input[name=knowledgeBase]');
    await Promise.all([page.waitForURL(/\/chats\/(?!new$)[^/]+$/), page.click('form[action="/chats"] button[type=submit]')]);
    const id = await sendPrompt(page, 'How much are meals reimbursed on business trips?');

    const thinking = page.locator(`#message_${id} [data-testid=thinking]`);
    await page.waitForSelector(`#message_${id} [data-testid=thinking]:not([hidden]) li`);
    expect(await page.getAttribute(`#message_${id}`, 'data-status')).toBe('streaming');
    expect(await thinking.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
    expect(await thinking.locator('summary').textContent()).toBe('Thinking…');
    await page.waitForSelector(`#message_${id} [data-testid=sources]:not([hidden])`);

    await waitForStatus(page, id, 'completed');
    expect(await thinking.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
    expect(await thinking.locator('summary').textContent()).toBe('Thinking complete');
    expect(await thinking.locator('li').allTextContents()).toContain('Searching the knowledge base');
    const sources = page.locator(`#message_${id} [data-testid=sources]`);
    expect(await sources.locator('.sources__title').allTextContents()).toEqual(['Expense policy']);
    expect(await sources.textContent()).toContain('40 euros');
  });
});
