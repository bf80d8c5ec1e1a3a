/**
 * How long Hotline takes between a tool's result and the model's next request: the part of "a tool's
 * result to the model's next first token" that is Hotline's own (the rest is the provider's first-token
 * time). One process, SQLite in memory, the fake provider, the built-in current_time; replies one at a
 * time. Prints the median and p95 of: the tool-call event reaching a reader → the next request at the
 * provider (the tool's run included), the tool-result event reaching a reader → the next request, and
 * the first request → the second (the fake provider's tool step at full speed included).
 *
 *   node --import tsx bench/tool-turnaround.ts [replies=50]
 */
import { loadConfig } from '../src/config.ts';
import { closeHotline, createHotline } from '../src/hotline.ts';
import { buildServer } from '../src/server.ts';
import { startFakeProvider } from '../src/testing/fake-provider/server.ts';
import { startWorker } from '../src/worker.ts';

const replies = Number(process.argv[2] ?? 50);
const provider = await startFakeProvider();
const hotline = await createHotline(
  loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'silent',
    OPENAI_BASE_URL: provider.openaiBaseUrl,
    OPENAI_API_KEY: 'k',
    HOTLINE_RATE_LIMITS: 'off',
  }),
);
startWorker(hotline);
const server = await buildServer(hotline);
await server.listen({ port: 0, host: '127.0.0.1' });
const address = server.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const post = async (path: string, body: unknown, token?: string) =>
  (
    await fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
  ).json() as Promise<any>;
const { token } = await post('/api/users', { email: `bench${Date.now()}@example.com`, password: 'correct horse' });

const afterCall: number[] = [];
const afterResult: number[] = [];
const stepToStep: number[] = [];
for (let i = 0; i < replies; i++) {
  const model = `tt${i}?tokens=5&rate=0&tool=current_time`;
  const chat = await post('/api/chats', { model: `openai:${model}`, tools: ['current_time'], title: 'bench' }, token);
  const { assistantMessage } = await post(`/api/chats/${chat.id}/messages`, { content: 'What time is it?' }, token);
  const response = await fetch(`${url}/api/messages/${assistantMessage.id}/events`, { headers: { authorization: `Bearer ${token}` } });
  const seen: Record<string, number> = {};
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of response.body!) {
    text += decoder.decode(chunk, { stream: true });
    for (const name of ['tool-call', 'tool-result'])
      if (seen[name] === undefined && text.includes(`event: ${name}\n`)) seen[name] = performance.timeOrigin + performance.now();
    if (text.includes('event: done')) break;
  }
  const [first, second] = provider.requests.filter((r) => r.model === model);
  const next = second!.receivedAt;
  stepToStep.push(next - first!.receivedAt);
  afterCall.push(next - seen['tool-call']!);
  afterResult.push(next - seen['tool-result']!);
}

const stat = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms`;
};
console.log(`${replies} replies with one current_time call each`);
console.log(`tool-call seen by a reader → next model request: ${stat(afterCall)}`);
console.log(`tool-result seen by a reader → next model request: ${stat(afterResult)}`);
console.log(`first model request → second (the fake's whole tool step, the tool, the result written): ${stat(stepToStep)}`);
await server.close();
await closeHotline(hotline, 0);
await provider.close();
