import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../support/api-client.ts';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { signUpInBrowser } from '../support/browser-chat.ts';
import { chromiumUp } from '../support/chromium.ts';

const phone = { width: 390, height: 844 };

/** How far the page reaches past the window's right edge, in CSS pixels (0: no sideways scrolling). */
const overflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

/** The header's controls whose text wraps onto a second line. */
const wrappedHeaderControls = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.topbar a, .topbar button')]
      .filter((control) => control.offsetParent !== null)
      .filter((control) => control.offsetHeight >= 2 * parseFloat(getComputedStyle(control).lineHeight))
      .map((control) => control.textContent!.trim()),
  );

describe.skipIf(!chromiumUp)('on a phone (390 × 844)', () => {
  const context = hotlineAndChromium({ HOTLINE_RATE_LIMITS: 'off' });

  it('no page scrolls sideways, however long a chat’s title and model, and the header stays on one line', async () => {
    const page = await context.browser.newPage({ viewport: phone });
    const account = await signUpInBrowser(page, context.server.url);
    const token = (await new ApiClient(context.server.url).post('/api/session', account)).body.token;
    const api = new ApiClient(context.server.url, token);
    const longTitle = 'A very long chat title about Server-Sent Events, WebSockets, reconnection and Last-Event-ID handling';
    const chat = await api.newChat({ title: longTitle, model: 'openai:fake?tokens=20&rate=0&someVeryLongOption=withAnEvenLongerValueThatNeverEnds' });
    const turn = await api.send(chat.id, 'https://example.com/a/very/long/address/without/any/spaces/that/must/still/wrap/somewhere/on/a/phone');
    await api.settled(turn.assistantMessage.id);
    // More chats than a page lists, so that the links to the next page show too.
    for (let i = 0; i < 50; i++) await api.newChat({ title: `${longTitle} ${i}`, model: 'offline' });

    await page.goto(context.server.url + '/');
    const olderChats = await page.getAttribute('[data-testid=older-chats]', 'href');
    for (const path of ['/', olderChats!, `/chats/${chat.id}`, '/chats/new', '/documents']) {
      await page.goto(context.server.url + path);
      expect({ path, overflow: await overflow(page) }).toEqual({ path, overflow: 0 });
      expect({ path, wrapped: await wrappedHeaderControls(page) }).toEqual({ path, wrapped: [] });
    }
    await page.close();
  });
});
