import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { renderMessage } from '../../src/web/views/message-view.ts';
import { turboStream } from '../../src/web/views/turbo-stream.ts';
import { domIds } from '../../src/web/views/dom-ids.ts';
import { markdownReply } from './support/markdown-reply.ts';
import { startScriptedProvider, tokensOf, type ScriptedProvider } from './support/scripted-provider.ts';
import { isFinal, openTurboStream } from './support/turbo-sse-client.ts';
import { renderedPosition, WebClient } from './support/web-client.ts';

/**
 * What one 2,000-token Markdown reply (headings, lists, fenced code, a table) costs on the wire to a
 * browser, against re-sending the whole rendered message on every token (a Turbo `replace` per token,
 * the usual pattern), and how many frames per second the browser gets. `npm run measure:web` prints it.
 */
const tokens = 2000;
const rate = Number(process.env.MEASURE_TOKENS_PER_SECOND ?? 200);

describe('the web stream on the wire', () => {
  let server: HotlineUnderTest;
  let provider: ScriptedProvider;

  beforeAll(async () => {
    provider = await startScriptedProvider();
    provider.scripts.set('document', markdownReply(tokens));
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', OPENAI_BASE_URL: provider.baseUrl, HOTLINE_MODEL: 'openai:document' });
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  it('sends a long Markdown reply in coalesced frames, a small part of re-sending it whole per token', async () => {
    const browser = new WebClient(server.url);
    const account = await browser.signUp();
    const chatId = await browser.newChat({ model: `openai:document?rate=${rate}` });
    const page = (await browser.get(`/chats/${chatId}`)).text;
    const stream = await openTurboStream(`${server.url}/chats/${chatId}/stream?position=${renderedPosition(page)}`, browser.cookieHeader);
    const api = new ApiClient(server.url, (await new ApiClient(server.url).post('/api/session', account)).body.token);
    const { assistantMessage } = await api.send(chatId, 'Write a long document');
    const arrivals: number[] = [];
    const seen = new Set<unknown>();
    await stream.until((events) => {
      for (const event of events) if (!seen.has(event)) (seen.add(event), arrivals.push(performance.now()));
      return events.some((e) => isFinal(e, assistantMessage.id));
    }, 120_000);
    stream.cut();

    const row = (await server.hotline.messages.findById(assistantMessage.id))!;
    const wireBytes = stream.events.reduce(
      (sum, e) =>
        sum +
        Buffer.byteLength(`id: ${e.id}\n`) +
        Buffer.byteLength(
          e.data
            .split('\n')
            .map((l) => `data: ${l}\n`)
            .join(''),
        ) +
        1,
      0,
    );
    const payloadBytes = stream.events.reduce((sum, e) => sum + Buffer.byteLength(e.data), 0);

    // The pattern we avoid: every token re-renders and re-sends the whole message.
    const pieces = tokensOf(row.content);
    let text = '';
    let wholePerToken = 0;
    for (const piece of pieces) {
      text += piece;
      const article = renderMessage({ csrf: 'x'.repeat(43) }, { ...row, content: text, status: 'streaming' }).html;
      wholePerToken += Buffer.byteLength(turboStream('replace', domIds.message(row.id), article).value);
    }

    const frames = stream.events.length;
    const seconds = (arrivals.at(-1)! - arrivals[0]!) / 1000;
    const figures = {
      tokens: pieces.length,
      providerTokensPerSecond: rate,
      frames,
      framesPerSecond: Number((frames / seconds).toFixed(1)),
      tokensPerFrame: Number((pieces.length / frames).toFixed(1)),
      wireBytes,
      payloadBytes,
      finalMessageBytes: Buffer.byteLength(stream.events.at(-1)!.data),
      wholeMessagePerTokenBytes: wholePerToken,
      saving: `${(wholePerToken / wireBytes).toFixed(0)}x fewer bytes on the wire`,
    };
    console.log(`web stream, one ${tokens}-token Markdown reply:\n${JSON.stringify(figures, null, 2)}`);

    expect(row.status).toBe('completed');
    expect(frames).toBeLessThan(pieces.length / 2);
    expect(payloadBytes * 10).toBeLessThan(wholePerToken);
  }, 180_000);
});
