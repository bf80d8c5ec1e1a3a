import type { Page } from 'playwright-core';

let counter = 0;

/** Signs up through the page's form, as a person would. */
export async function signUpInBrowser(page: Page, url: string): Promise<{ email: string; password: string }> {
  const email = `browser${++counter}-${Date.now()}@example.com`;
  const password = 'correct horse battery';
  await page.goto(`${url}/signup`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${url}/`), page.click('button[type=submit]')]);
  return { email, password };
}

/** Starts a chat through the new-chat form and lands on its page; returns its id. */
export async function newChatInBrowser(page: Page, url: string, model: string, title = 'Browser chat'): Promise<string> {
  await page.goto(`${url}/chats/new`);
  // The title is among the folded options (a native disclosure: no JavaScript needed to open it).
  await page.click('details.start__more > summary');
  await page.fill('input[name=title]', title);
  await page.fill('input[name=model]', model);
  await Promise.all([page.waitForURL(/\/chats\/(?!new$)[^/]+$/), page.click('form[action="/chats"] button[type=submit]')]);
  return new URL(page.url()).pathname.split('/').pop()!;
}

export const lastReply = '[data-testid=message][data-role=assistant]:last-of-type';

/** Types a prompt and sends it with Ctrl+Enter; resolves once this tab shows the new reply streaming. */
export async function sendPrompt(page: Page, text: string): Promise<string> {
  const before = await page.locator('[data-testid=message][data-role=assistant]').count();
  await page.fill('form[data-testid=composer] textarea[name=content]', text);
  await page.press('form[data-testid=composer] textarea[name=content]', 'Control+Enter');
  const reply = page.locator('[data-testid=message][data-role=assistant]').nth(before);
  await reply.waitFor();
  return (await reply.getAttribute('id'))!.replace(/^message_/, '');
}

export interface Rendering {
  text: string;
  status: string;
}

/**
 * Records every rendering of a reply in the page: its content's text and status each time the DOM
 * changes. Installed by the test through the DevTools protocol, which the page's CSP does not govern.
 */
export async function recordRenderings(page: Page, messageId: string): Promise<void> {
  await page.evaluate((id) => {
    const w = window as unknown as { __renderings: Array<{ text: string; status: string }> };
    w.__renderings = [];
    const record = () => {
      const message = document.getElementById(`message_${id}`);
      if (!message) return;
      const text = message.querySelector('[data-testid=message-content]')?.textContent ?? '';
      const status = message.dataset.status ?? '';
      const last = w.__renderings.at(-1);
      if (!last || last.text !== text || last.status !== status) w.__renderings.push({ text, status });
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, messageId);
}

export const renderings = (page: Page): Promise<Rendering[]> => page.evaluate(() => (window as unknown as { __renderings: Rendering[] }).__renderings);

export async function waitForStatus(page: Page, messageId: string, status: string): Promise<void> {
  await page.waitForSelector(`#message_${messageId}[data-status=${status}]`, { timeout: 20_000 });
}

/** Waits until the reply shows at least `count` different renderings. */
export async function waitForRenderings(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => ((window as unknown as { __renderings?: unknown[] }).__renderings?.length ?? 0) >= n, count, { timeout: 20_000 });
}

/** Text without any whitespace: renderings of a prefix and of the whole differ only in spacing. */
export const compact = (text: string): string => text.replace(/\s+/g, '');

/** The text a browser shows for server-rendered HTML. */
export const textOfHtml = (page: Page, html: string): Promise<string> =>
  page.evaluate((markup) => {
    const template = document.createElement('template');
    template.innerHTML = markup;
    return template.content.textContent ?? '';
  }, html);
