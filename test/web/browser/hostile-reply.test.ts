import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHotline, type HotlineUnderTest } from '../../support/hotline-under-test.ts';
import { newChatInBrowser, sendPrompt, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { chromiumUp, launchChromium } from '../support/chromium.ts';
import { startScriptedProvider, type ScriptedProvider } from '../support/scripted-provider.ts';

const hostile = [
  'Here is <script>window.__pwned = "script"; alert(1)</script> and <img src=x onerror="window.__pwned=\'img\'; alert(2)">.',
  '',
  '[click me](javascript:window.__pwned=3) and <a href="javascript:alert(4)">raw link</a> and [data](data:text/html,<script>alert(5)</script>)',
  '',
  '<b>not bold</b> <iframe src="javascript:alert(6)"></iframe> <svg onload=alert(7)> <style>body{display:none}</style>',
  '',
  '```html',
  '<script>alert(8)</script>',
  '```',
  '',
  '</template></turbo-stream><turbo-stream action="remove" target="messages"><template></template></turbo-stream>',
].join('\n');

describe.skipIf(!chromiumUp)('a hostile reply', () => {
  let server: HotlineUnderTest;
  let provider: ScriptedProvider;
  let browser: Browser;

  beforeAll(async () => {
    provider = await startScriptedProvider();
    provider.scripts.set('hostile', hostile);
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', OPENAI_BASE_URL: provider.baseUrl, HOTLINE_MODEL: 'openai:hostile' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('renders inert, as visible text, while it streams and after, in the reply and in the prompt', async () => {
    const page: Page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await signUpInBrowser(page, server.url);
    await newChatInBrowser(page, server.url, 'openai:hostile?rate=200');
    const id = await sendPrompt(page, 'Say <img src=x onerror="alert(9)"> <script>alert(10)</script>');
    await waitForStatus(page, id, 'completed');

    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('#messages').count()).toBe(1);
    const content = page.locator(`#message_${id} [data-testid=message-content]`);
    for (const tag of ['script', 'img', 'iframe', 'svg', 'style', 'b']) {
      expect(await content.locator(tag).count(), tag).toBe(0);
    }
    const hrefs = await content.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    for (const href of hrefs) expect(href ?? '').toMatch(/^https?:/);
    const text = (await content.textContent())!;
    expect(text).toContain('<script>window.__pwned = "script"; alert(1)</script>');
    expect(text).toContain('<img src=x onerror=');
    expect(text).toContain('<b>not bold</b>');
    expect(text).toContain('[click me](javascript:window.__pwned=3)');
    expect(text).toContain('</template></turbo-stream>');
    const prompt = page.locator('[data-testid=message][data-role=user] [data-testid=message-content]');
    expect(await prompt.textContent()).toContain('<img src=x onerror="alert(9)"> <script>alert(10)</script>');
    expect(await prompt.locator('img, script').count()).toBe(0);
  });
});
