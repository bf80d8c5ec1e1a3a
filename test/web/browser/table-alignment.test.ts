import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import { newChatInBrowser, sendPrompt, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp, launchChromium } from '../support/chromium.ts';
import { startScriptedProvider, type ScriptedProvider } from '../support/scripted-provider.ts';

const table = ['| Item | Price | Note |', '| :--- | ---: | :---: |', '| Tea | 3.50 | hot |', '| Cake | 12.00 | sweet |', ''].join('\n');

/** Each cell's computed alignment, row by row. */
const alignments = (page: Page, id: string) =>
  page.$$eval(`#message_${id} [data-testid=message-content] tr`, (rows) =>
    rows.map((row) => [...row.children].map((cell) => getComputedStyle(cell).textAlign)),
  );

describe.skipIf(!chromiumUp)('a Markdown table with aligned columns', () => {
  let server: HotlineUnderTest;
  let provider: ScriptedProvider;
  let browser: Browser;

  beforeAll(async () => {
    provider = await startScriptedProvider();
    provider.scripts.set('table', table);
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', OPENAI_BASE_URL: provider.baseUrl, HOTLINE_MODEL: 'openai:table' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('keeps its alignment after a reload, with no CSP error in the console', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    await signUpInBrowser(page, server.url);
    await newChatInBrowser(page, server.url, 'openai:table?rate=100');
    const id = await sendPrompt(page, 'Prices, please');
    await waitForStatus(page, id, 'completed');
    const expected = [
      ['left', 'right', 'center'],
      ['left', 'right', 'center'],
      ['left', 'right', 'center'],
    ];
    expect(await alignments(page, id)).toEqual(expected);

    await page.reload();
    await page.waitForSelector(`#message_${id} table`);
    expect(await alignments(page, id)).toEqual(expected);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
