import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderReplyMarkdown } from '../../../src/web/markdown/render-markdown.ts';
import { ApiClient } from '../../support/api-client.ts';
import {
  compact,
  newChatInBrowser,
  recordRenderings,
  renderings,
  sendPrompt,
  signUpInBrowser,
  textOfHtml,
  waitForRenderings,
  waitForStatus,
} from '../support/browser-chat.ts';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { chromiumUp } from '../support/chromium.ts';

describe.skipIf(!chromiumUp)('a reply in the browser', () => {
  const on = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off' });
  const problems: string[] = [];

  async function newPage(): Promise<Page> {
    const page = await on.browser.newPage();
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    return page;
  }

  it('grows through several renderings, ends as the stored content renders, and holds the composer meanwhile', async () => {
    const page = await newPage();
    const account = await signUpInBrowser(page, on.server.url);
    await newChatInBrowser(page, on.server.url, 'openai:fake?tokens=200&rate=40');
    const id = await sendPrompt(page, 'Tell me something');
    await recordRenderings(page, id);

    await waitForRenderings(page, 4);
    expect(await page.getAttribute(`#message_${id}`, 'data-status')).toBe('streaming');
    expect(await page.isDisabled('form[data-testid=composer] textarea[name=content]')).toBe(true);
    await waitForStatus(page, id, 'completed');
    await page.waitForFunction(() => !document.querySelector<HTMLTextAreaElement>('form[data-testid=composer] textarea[name=content]')!.disabled);

    const api = new ApiClient(on.server.url);
    const session = await api.post('/api/session', account);
    const stored = (await new ApiClient(on.server.url, session.body.token).get(`/api/messages/${id}`)).body;
    expect(stored.status).toBe('completed');
    const finalText = await page.textContent(`#message_${id} [data-testid=message-content]`);
    expect(finalText).toBe(await textOfHtml(page, renderReplyMarkdown(stored.content)));

    const seen = await renderings(page);
    const growing = seen.filter((r) => r.status === 'streaming' && r.text !== '');
    expect(growing.length).toBeGreaterThanOrEqual(3);
    for (const rendering of growing)
      expect(compact(finalText!).startsWith(compact(rendering.text)), `${compact(rendering.text)}\n---\n${compact(finalText!)}`).toBe(true);
    expect(seen.at(-1)!.status).toBe('completed');
    expect(problems).toEqual([]);
  });
});
