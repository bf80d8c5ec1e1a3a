import { afterAll, describe, expect, it } from 'vitest';
import { sendPrompt, signUpInBrowser, waitForStatus } from '../support/browser-chat.ts';
import { hotlineAndChromium } from '../support/browser-hotline.ts';
import { chromiumUp } from '../support/chromium.ts';
import { startHttpOrdersServer } from '../../support/mcp/http-orders-server.ts';

const mcp = await startHttpOrdersServer();
afterAll(() => mcp.close());

describe.skipIf(!chromiumUp)('tool calls in the web app', () => {
  const context = hotlineAndChromium({
    HOTLINE_RATE_LIMITS: 'off',
    HOTLINE_MCP_SERVERS: JSON.stringify({ mcpServers: { orders: { url: mcp.url, requireApproval: ['refund_order'] } } }),
  });

  it('shows a call waiting in every tab with Approve and Deny; approved in one, it runs and the reply ends in both', async () => {
    const { server, browser } = context;
    const page = await browser.newPage();
    await signUpInBrowser(page, server.url);
    await page.goto(`${server.url}/chats/new`);
    await page.fill('input[name=model]', `openai:tools?tokens=8&rate=40&tool=refund_order&args=${encodeURIComponent('{"orderId":"W-1"}')}`);
    await page.click('details.start__more > summary');
    await page.check('input[name=tool_refund_order]');
    await Promise.all([page.waitForURL(/\/chats\/(?!new$)[^/]+$/), page.click('form[action="/chats"] button[type=submit]')]);
    const chatUrl = page.url();
    const id = await sendPrompt(page, 'Refund W-1');
    const card = `#message_${id} [data-testid=tool-call]`;
    await page.waitForSelector(`${card}[data-state=awaiting_approval] [data-testid=approve]`);
    expect(await page.textContent(`${card} .tool-call__input`)).toContain('"orderId": "W-1"');

    const second = await browser.newContext().then(async (c) => {
      await c.addCookies(await page.context().cookies());
      return c.newPage();
    });
    await second.goto(chatUrl);
    await second.waitForSelector(`${card}[data-state=awaiting_approval] [data-testid=deny]`);
    await second.click(`${card} [data-testid=approve]`);

    for (const tab of [page, second]) {
      await waitForStatus(tab, id, 'completed');
      await tab.waitForSelector(`${card}[data-state=done]`);
      expect(await tab.textContent(`${card} .tool-call__output`)).toContain('refunded W-1');
    }
    expect(mcp.calls.filter((line) => line === 'refund_order W-1')).toHaveLength(1);
  }, 60_000);
});
