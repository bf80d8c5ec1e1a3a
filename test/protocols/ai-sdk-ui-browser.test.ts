import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpUser, type SignedUp } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { chromiumUp, launchChromium } from '../web/support/chromium.ts';
import { startUseChatApp, type UseChatApp } from './support/use-chat-app.ts';

/** What the page showed of its last reply at one moment: the reply's id, its parts' text in order, and useChat's status. */
interface Rendering {
  id: string;
  text: string;
  status: string;
}

/**
 * Runs in every page before its own scripts: records each rendering of the page's last reply, from the
 * first one on, so a test sees everything the reader saw (a text shown twice or a gap, even for a moment).
 */
function recordRenderings(): void {
  const w = window as unknown as { renderings: Rendering[] };
  w.renderings = [];
  const record = () => {
    const reply = [...document.querySelectorAll('[data-testid=message][data-role=assistant]')].at(-1);
    if (!reply) return;
    const text = [...reply.querySelectorAll('[data-part]')].map((part) => part.textContent).join('');
    const status = document.querySelector('[data-testid=chat]')?.getAttribute('data-status') ?? '';
    const last = w.renderings.at(-1);
    if (!last || last.id !== reply.id || last.text !== text || last.status !== status) w.renderings.push({ id: reply.id, text, status });
  };
  new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

/**
 * A React app written against `@ai-sdk/react`'s `useChat` with `resume: true` and the stock
 * DefaultChatTransport, built by Vite, in Debian's Chromium, with Hotline as its backend. Each test follows
 * a reply of ten seconds or so, in pages that a busy machine may load slowly: a minute each.
 */
describe.skipIf(!chromiumUp)('a useChat app on Hotline', { timeout: 60_000 }, () => {
  let server: HotlineUnderTest;
  let app: UseChatApp;
  let browser: Browser;
  let context: BrowserContext;
  let alice: SignedUp;
  /** Every URL each page asked for. */
  const requested = new Map<Page, string[]>();

  beforeAll(async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
    app = await startUseChatApp(server.url);
    alice = await signUpUser(server.url);
    browser = await launchChromium();
    context = await browser.newContext();
    await context.addInitScript(recordRenderings);
    // Signed in once through the app's form: its token stays in the app's storage for every tab.
    const page = await context.newPage();
    await page.goto(app.origin);
    await page.fill('[data-testid=sign-in] input[name=email]', alice.email);
    await page.fill('[data-testid=sign-in] input[name=password]', alice.password);
    await page.click('[data-testid=sign-in] button[type=submit]');
    await page.waitForSelector('[data-testid=composer]');
    await page.close();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await server?.close();
  });

  async function openChat(chatId: string): Promise<Page> {
    const page = await context.newPage();
    const urls: string[] = [];
    requested.set(page, urls);
    page.on('request', (request) => urls.push(request.url()));
    await page.goto(app.chatUrl(chatId));
    await page.waitForSelector('[data-testid=composer]');
    return page;
  }

  /** Sends a message from the page's composer; resolves with the id of the reply, once it shows some of its text. */
  async function send(page: Page, text: string): Promise<string> {
    await page.fill('[data-testid=composer] textarea[name=content]', text);
    await page.click('[data-testid=composer] button[type=submit]');
    return showingText(page);
  }

  /** Waits until the page's last reply shows some answer text; its id. */
  async function showingText(page: Page): Promise<string> {
    const reply = await page.waitForSelector('[data-testid=message][data-role=assistant]:last-of-type:has([data-part=text])', { timeout: 20_000 });
    return (await reply.getAttribute('id'))!.replace(/^message_/, '');
  }

  /** The reply as Hotline stored it, once it has ended, in the app's own terms (`GET /api/ai-sdk/chat/:id/messages`). */
  async function storedReply(chatId: string, id: string) {
    expect((await alice.client.settled(id, 30_000)).status).not.toBe('streaming');
    const { body } = await alice.client.get(`/api/ai-sdk/chat/${chatId}/messages`);
    const reply = (body.messages as Array<{ id: string; parts: Array<{ type: string; text?: string }> }>).find((message) => message.id === id)!;
    return reply.parts.filter((part) => part.type === 'text' || part.type === 'reasoning').map((part) => ({ type: part.type, text: part.text! }));
  }

  const renderings = (page: Page): Promise<Rendering[]> => page.evaluate(() => (window as unknown as { renderings: Rendering[] }).renderings);

  /**
   * The page ends showing exactly the stored reply, once, after showing only ever a beginning of it: no
   * text was lost or shown twice at any moment. Everything it loaded came from its own origin.
   */
  async function expectShowsExactly(page: Page, chatId: string, id: string): Promise<Rendering[]> {
    const stored = await storedReply(chatId, id);
    const text = stored.map((part) => part.text).join('');
    // The page's request for this reply has ended, one way or the other.
    await page.waitForFunction(
      (id) => {
        const seen = (window as unknown as { renderings: Rendering[] }).renderings.filter((rendering) => rendering.id === `message_${id}`);
        return seen.some((rendering) => ['submitted', 'streaming'].includes(rendering.status)) && ['ready', 'error'].includes(seen.at(-1)!.status);
      },
      id,
      { timeout: 20_000 },
    );
    expect(await page.getAttribute('[data-testid=chat]', 'data-status')).toBe('ready');
    const shown = await page.$$eval(`#message_${id} [data-part]`, (parts) =>
      parts.map((part) => ({ type: (part as HTMLElement).dataset.part, text: part.textContent })),
    );
    expect(shown).toEqual(stored);
    expect(await page.locator('[data-testid=message][data-role=assistant]').count()).toBe(1);
    expect(await page.locator('[data-testid=message][data-role=user]').count()).toBe(1);
    const seen = (await renderings(page)).filter((rendering) => rendering.id === `message_${id}`);
    for (const rendering of seen) expect(text.startsWith(rendering.text), `shown: ${JSON.stringify(rendering.text.slice(-80))}`).toBe(true);
    expect(requested.get(page)!.filter((url) => !url.startsWith(`${app.origin}/`))).toEqual([]);
    return seen;
  }

  it('goes on with a reply after a reload mid-reply, with no text lost or shown twice', async () => {
    const chat = await alice.client.newChat({ model: 'openai:usechat-reload?tokens=500&rate=50&reasoning=20' });
    const page = await openChat(chat.id);
    const id = await send(page, 'Think, then tell me a long story');
    // Reloaded once the stored reply has text: the page then shows it at once and streams on from there.
    await expect.poll(async () => (await alice.client.get(`/api/messages/${id}`)).body.content.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.reload();
    await page.waitForSelector(`#message_${id}`);
    expect((await alice.client.get(`/api/messages/${id}`)).body.status).toBe('streaming');

    const seen = await expectShowsExactly(page, chat.id, id);
    expect(seen[0]!.text).not.toBe('');
    expect(seen.filter((rendering) => rendering.status === 'streaming').length).toBeGreaterThan(1);
    await page.close();
  });

  it('shows a second tab the same reply, from where it is to its end', async () => {
    const chat = await alice.client.newChat({ model: 'openai:usechat-tabs?tokens=500&rate=50' });
    const sender = await openChat(chat.id);
    const id = await send(sender, 'Tell me something long');
    const watcher = await openChat(chat.id);
    expect(await showingText(watcher)).toBe(id);
    expect((await alice.client.get(`/api/messages/${id}`)).body.status).toBe('streaming');

    await expectShowsExactly(sender, chat.id, id);
    const watched = await expectShowsExactly(watcher, chat.id, id);
    expect(watched.filter((rendering) => rendering.status === 'streaming').length).toBeGreaterThan(1);
    await sender.close();
    await watcher.close();
  });

  it('stops the reply upstream from any tab: the provider’s connection closes, and every tab keeps what was stored', async () => {
    const scenario = 'usechat-stop?tokens=3000&rate=100';
    const chat = await alice.client.newChat({ model: `openai:${scenario}` });
    const sender = await openChat(chat.id);
    const id = await send(sender, 'Go on forever');
    const watcher = await openChat(chat.id);
    await showingText(watcher);
    await watcher.click('[data-testid=stop]');

    await server.provider.waitForAbort((abort) => abort.model === scenario);
    expect((await alice.client.settled(id)).status).toBe('cancelled');
    await expectShowsExactly(sender, chat.id, id);
    await expectShowsExactly(watcher, chat.id, id);
    await watcher.waitForSelector('[data-testid=stop]', { state: 'detached' });
    await sender.close();
    await watcher.close();
  });
});
