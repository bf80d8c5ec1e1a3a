import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import { sendPrompt, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp, launchChromium } from '../support/chromium.ts';
import { markdownReply } from '../support/markdown-reply.ts';
import { startScriptedProvider, type ScriptedProvider } from '../support/scripted-provider.ts';

interface ThinkingState {
  open: boolean;
  summary: string;
  steps: number;
  hasText: boolean;
  status: string;
}

describe.skipIf(!chromiumUp)('a reply from the knowledge base', () => {
  let server: HotlineUnderTest;
  let provider: ScriptedProvider;
  let browser: Browser;

  beforeAll(async () => {
    provider = await startScriptedProvider();
    provider.scripts.set('answer', markdownReply(200));
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', OPENAI_BASE_URL: provider.baseUrl, HOTLINE_MODEL: 'openai:answer' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('shows its thinking steps while it thinks, folds them once it writes, and lists its sources', async () => {
    const page = await browser.newPage();
    const account = await signUpInBrowser(page, server.url);
    const api = new ApiClient(server.url, (await new ApiClient(server.url).post('/api/session', account)).body.token);
    await api.post('/api/documents', {
      title: 'Expense policy',
      text: '# Meals\n\nMeals on business trips are reimbursed up to 40 euros a day with receipts.',
    });

    await page.goto(`${server.url}/chats/new`);
    // The model takes a while before its first word, as real ones do: long enough to see it think.
    await page.fill('input[name=model]', 'openai:answer?rate=60&wait=600');
    await page.click('details.start__more > summary');
    await page.check('input[name=knowledgeBase]');
    await Promise.all([page.waitForURL(/\/chats\/(?!new$)[^/]+$/), page.click('form[action="/chats"] button[type=submit]')]);
    await page.evaluate(() => {
      const w = window as unknown as { __thinking: ThinkingState[] };
      w.__thinking = [];
      new MutationObserver(() => {
        const message = [...document.querySelectorAll<HTMLElement>('[data-testid=message][data-role=assistant]')].at(-1);
        const details = message?.querySelector<HTMLDetailsElement>('[data-testid=thinking]');
        if (!message || !details || details.hidden) return;
        const state = {
          open: details.open,
          summary: details.querySelector('summary')!.textContent!,
          steps: details.querySelectorAll('li').length,
          hasText: (message.querySelector('[data-testid=message-content]')!.textContent ?? '').trim() !== '',
          status: message.dataset.status!,
        };
        if (JSON.stringify(state) !== JSON.stringify(w.__thinking.at(-1))) w.__thinking.push(state);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const id = await sendPrompt(page, 'How much are meals reimbursed on business trips?');
    await waitForStatus(page, id, 'completed');

    const states = await page.evaluate(() => (window as unknown as { __thinking: ThinkingState[] }).__thinking);
    expect(states).toContainEqual({ open: true, summary: 'Thinking…', steps: expect.any(Number), hasText: false, status: 'streaming' });
    expect(states.filter((s) => s.hasText).every((s) => !s.open && s.summary === 'Thinking complete')).toBe(true);
    expect(states.some((s) => s.hasText && s.status === 'streaming')).toBe(true);
    const thinking = page.locator(`#message_${id} [data-testid=thinking]`);
    expect(await thinking.locator('li').allTextContents()).toContain('Searching the knowledge base');
    const sources = page.locator(`#message_${id} [data-testid=sources]`);
    expect(await sources.isVisible()).toBe(true);
    expect(await sources.locator('.sources__title').allTextContents()).toEqual(['Expense policy']);
    expect(await sources.textContent()).toContain('40 euros');
  });
});
