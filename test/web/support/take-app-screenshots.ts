/**
 * Takes docs/screenshots/: the home page (start by typing), a chat with an image and math, and the chat
 * list drawer on a phone, light and dark (`npx tsx test/web/support/take-app-screenshots.ts`).
 */
import { startHotline } from '../../support/hotline-under-test.ts';
import { tinyPng } from '../../support/sample-files.ts';
import { newChatInBrowser, sendPrompt, signUpInBrowser } from './browser-chat.ts';
import { launchChromium } from './chromium.ts';
import { startScriptedProvider } from './scripted-provider.ts';

const answer = `The roots of $ax^2 + bx + c = 0$ are\n\n$$\nx = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}\n$$\n\nFor the picture you sent: it is a 2×2 image with a red, a green, a blue and a white pixel.\n`;

const provider = await startScriptedProvider();
provider.scripts.set('math', answer);
const server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', OPENAI_BASE_URL: provider.baseUrl, HOTLINE_MODEL: 'openai:math' });
const browser = await launchChromium();
try {
  for (const colorScheme of ['light', 'dark'] as const) {
    const desktop = await browser.newPage({ viewport: { width: 1200, height: 820 }, colorScheme });
    await signUpInBrowser(desktop, server.url);
    await desktop.screenshot({ path: `docs/screenshots/home-desktop-${colorScheme}.png` });
    await newChatInBrowser(desktop, server.url, 'openai:math?rate=0', 'The quadratic formula');
    await desktop.setInputFiles('form[data-testid=composer] input[type=file]', { name: 'pixels.png', mimeType: 'image/png', buffer: tinyPng });
    const id = await sendPrompt(desktop, 'How do I solve a quadratic? And what is in this picture?');
    await desktop.waitForSelector(`#message_${id}[data-status=completed] .katex.math-ready`);
    await desktop.screenshot({ path: `docs/screenshots/chat-desktop-${colorScheme}.png` });

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme });
    await phone.context().addCookies(await desktop.context().cookies());
    await phone.goto(desktop.url());
    await phone.screenshot({ path: `docs/screenshots/chat-phone-${colorScheme}.png` });
    await phone.click('[data-testid=open-chat-list]');
    await phone.screenshot({ path: `docs/screenshots/drawer-phone-${colorScheme}.png` });
    await phone.goto(server.url);
    await phone.screenshot({ path: `docs/screenshots/home-phone-${colorScheme}.png` });
    await desktop.context().close();
  }
  console.log('wrote docs/screenshots/');
} finally {
  await browser.close();
  await server.close();
  await provider.close();
}
