/**
 * CPU per token of reading a provider's stream, four ways, under the bench's load (R replies at once at
 * P tokens/s from the fake provider in its own process): the evidence for how Hotline reads providers.
 *   node --import tsx bench/provider-cost.ts [--replies 100] [--tokens 300] [--rate 50]
 * a) Hotline's default OpenAI client (`openAiChatStream`: node:http and its own SSE parser)
 * b) Hotline with HOTLINE_OPENAI_CLIENT=ai-sdk (`aiSdkProvider`: the AI SDK model's own `doStream()`)
 * c) fetch (undici) with a hand-written SSE parser over the body's web stream
 * d) node:http with a hand-written SSE parser (what the baseline relay does)
 */
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { createOpenAI } from '@ai-sdk/openai';
import { aiSdkProvider } from '../src/providers/ai-sdk-provider.ts';
import type { ModelProvider } from '../src/providers/model-provider.ts';
import { openAiChatStream } from '../src/providers/openai-chat-stream.ts';
import { BenchChild } from './child-process.ts';
import { cpuMsOf, pinSelf } from './machine.ts';
import { freePort } from './ports.ts';

type Reader = (model: string, onText: (text: string) => void) => Promise<void>;

const { values } = parseArgs({ options: { replies: { type: 'string' }, tokens: { type: 'string' }, rate: { type: 'string' } } });
const replies = Number(values.replies ?? 100);
const tokens = Number(values.tokens ?? 300);
const rate = Number(values.rate ?? 50);

const pinned = pinSelf(0);
const port = await freePort();
const provider = new BenchChild('fake-provider', ['src/testing/fake-provider/main.ts'], { PORT: String(port) }, pinned ? 1 : undefined);
await provider.waitFor(/fake provider listening/);
const baseURL = `http://127.0.0.1:${port}/v1`;
const direct = openAiChatStream({ apiKey: 'bench', baseUrl: baseURL });
const openai = createOpenAI({ apiKey: 'bench', baseURL });
const aiSdk = aiSdkProvider((name) => openai.chat(name));

async function readParts(provider: ModelProvider, model: string, onText: (text: string) => void): Promise<void> {
  const parts = provider.streamReply({ model, system: null, messages: [{ role: 'user', content: 'Hello' }], signal: new AbortController().signal });
  for await (const part of parts) if (part.type === 'text') onText(part.text);
}
const body = (model: string) => JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Hello' }] });

/** Splits an SSE byte stream into `data:` payloads and hands each chat-completions delta's text on. */
function sseTexts(onText: (text: string) => void): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!frame.startsWith('data: {')) continue;
      const text = (JSON.parse(frame.slice(6)) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content;
      if (text) onText(text);
    }
  };
}

const readers: Record<string, Reader> = {
  'a) Hotline: direct (default)': (model, onText) => readParts(direct, model, onText),
  'b) Hotline: ai-sdk (doStream)': (model, onText) => readParts(aiSdk, model, onText),
  'c) fetch + SSE parser': async (model, onText) => {
    const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(model) });
    const feed = sseTexts(onText);
    const decoder = new TextDecoder();
    for await (const chunk of response.body!) feed(decoder.decode(chunk, { stream: true }));
  },
  'd) node:http + SSE parser': (model, onText) =>
    new Promise((resolve, reject) => {
      const req = request(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', sseTexts(onText));
        res.on('end', resolve);
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body(model));
    }),
};

let round = 0;
async function measure(read: Reader): Promise<{ usPerToken: number; received: number }> {
  round++;
  let received = 0;
  const run = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => read(`cost-${round}-${i}?tokens=${tokens}&rate=${rate}`, () => received++)));
  await run(Math.min(replies, 20));
  received = 0;
  const before = cpuMsOf(process.pid);
  await run(replies);
  return { usPerToken: ((cpuMsOf(process.pid) - before) * 1000) / received, received };
}

try {
  console.log(`${replies} replies at once, ${tokens} tokens at ${rate} tok/s each; CPU of this process per token received:`);
  for (const [name, read] of Object.entries(readers)) {
    const { usPerToken, received } = await measure(read);
    console.log(`  ${name.padEnd(30)} ${usPerToken.toFixed(1).padStart(6)} µs/token  (${received} tokens)`);
  }
} finally {
  await provider.stop();
}
