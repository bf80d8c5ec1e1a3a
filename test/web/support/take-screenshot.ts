/**
 * Takes docs/screenshot.png: a chat in Chromium with a reply streaming in (`npm run screenshot:web`).
 * Real server, scripted provider, Debian's Chromium.
 */
import { startHotline } from '../../support/hotline-under-test.ts';
import { newChatInBrowser, sendPrompt, signUpInBrowser } from './browser-chat.ts';
import { launchChromium } from './chromium.ts';
import { startScriptedProvider } from './scripted-provider.ts';

const first = `Server-Sent Events are a good fit for **streaming replies**: one long HTTP response, plain text, and the browser's \`EventSource\` reconnects by itself, sending the last id it saw.\n\nThree things to get right:\n\n1. Send an \`id\` with every event, so a reconnect can resume exactly.\n2. Send a comment every few seconds, so proxies keep the connection open.\n3. Turn off proxy buffering (\`X-Accel-Buffering: no\`).\n`;

const second = `Here is a minimal server in TypeScript:\n\n\`\`\`ts\nimport { createServer } from 'node:http';\n\ncreateServer((request, response) => {\n  response.writeHead(200, { 'content-type': 'text/event-stream' });\n  let id = Number(request.headers['last-event-id'] ?? 0);\n  const timer = setInterval(() => response.write(\`id: \${++id}\\ndata: tick \${id}\\n\\n\`), 1000);\n  request.on('close', () => clearInterval(timer));\n}).listen(3000);\n\`\`\`\n\nWhat it does:\n\n- answers with \`text/event-stream\`\n- picks up from \`Last-Event-ID\` after a reconnect\n- stops its timer when the client goes away\n\nIn the browser, \`new EventSource('/')\` is all you need; each message arrives as a \`message\` event. For a chat, the server renders each step as HTML and the page applies it, so no client-side Markdown parser is needed and nothing the model writes can run.\n`;

const provider = await startScriptedProvider();
provider.scripts.set('first', first);
provider.scripts.set('second', second);
const server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', OPENAI_BASE_URL: provider.baseUrl, HOTLINE_MODEL: 'openai:first' });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 860 } });
  await signUpInBrowser(page, server.url);
  const chatUrl = `${server.url}/chats/${await newChatInBrowser(page, server.url, 'openai:first?rate=0', 'Streaming with SSE')}`;
  const id = await sendPrompt(page, 'How do I stream a reply to the browser?');
  await page.waitForSelector(`#message_${id}[data-status=completed]`);
  await server.hotline.db.kysely.updateTable('chats').set({ model: 'openai:second?rate=60' }).execute();
  await page.goto(chatUrl);
  const streaming = await sendPrompt(page, 'Show me a small server, please.');
  // Mid-reply: once the code block and the start of the list are on the page.
  await page.waitForFunction((messageId) => (document.getElementById(`message_${messageId}`)?.textContent ?? '').includes('answers with'), streaming, {
    timeout: 30_000,
  });
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
  await server.close();
  await provider.close();
}
