import { describe, expect, it } from 'vitest';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { newChatInBrowser, recordRenderings, sendPrompt, signUpInBrowser, waitForRenderings } from '../support/browser-chat.ts';
import { chromiumUp } from '../support/chromium.ts';

describe.skipIf(!chromiumUp)('a chat deleted in another tab', () => {
  const context = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off' });

  it('while its reply streams: the open tab says so, stops showing "Writing…", and offers a way on', async () => {
    const browserContext = await context.browser.newContext();
    const reader = await browserContext.newPage();
    await signUpInBrowser(reader, context.server.url);
    await newChatInBrowser(reader, context.server.url, 'openai:fake?tokens=3000&rate=30', 'Doomed');
    const id = await sendPrompt(reader, 'Talk for a long time');
    await recordRenderings(reader, id);
    await waitForRenderings(reader, 3);

    const other = await browserContext.newPage();
    other.on('dialog', (dialog) => dialog.accept());
    await other.goto(reader.url());
    await Promise.all([other.waitForURL(`${context.server.url}/`), other.click('[data-testid=delete-chat]')]);

    await reader.waitForSelector('[data-testid=chat-deleted] [role=alert]');
    expect(await reader.textContent('[data-testid=chat-deleted] [role=alert]')).toContain('deleted');
    expect(await reader.locator('[data-status=streaming]').count()).toBe(0);
    expect(await reader.locator('text=Writing…').count()).toBe(0);
    expect(await reader.locator('form[data-testid=composer]').count()).toBe(0);
    expect(await reader.getAttribute('[data-testid=chat-deleted] a >> nth=0', 'href')).toBe('/');
    await browserContext.close();
  });
});
