import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { requestsFor } from '../support/sent-conversation.ts';
import { openEventStream, textOf } from '../support/sse-client.ts';

let server: HotlineUnderTest;
let alice: ApiClient;
beforeAll(async () => {
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_OFFLINE_TOKENS_PER_SECOND: '1000' });
  alice = await new ApiClient(server.url).signUp();
  await alice.post('/api/documents', {
    title: 'Expense policy',
    text: '# Meals\n\nMeals on business trips are reimbursed up to 40 euros a day with receipts.',
  });
  await alice.post('/api/documents', { title: 'Office plants', text: 'The office plants are watered every Monday by the facilities team.' });
});
afterAll(() => server.close());

async function ask(model: string, question: string, knowledgeBase = true) {
  const chat = await alice.newChat({ model, knowledgeBase });
  const { assistantMessage } = await alice.send(chat.id, question);
  const stream = await openEventStream(`${server.url}/api/messages/${assistantMessage.id}/events`, alice.token!);
  await stream.closed;
  return { stream, id: assistantMessage.id as string, stored: (await alice.get(`/api/messages/${assistantMessage.id}`)).body };
}

describe('replies from the knowledge base', () => {
  it('sends thinking steps, then sources, then text, and stores the sources with the message', async () => {
    const { stream, stored } = await ask('openai:kb?tokens=10&rate=200', 'How much are meals reimbursed on business trips?');
    const kinds = stream.events.map((e) => e.event);
    const firstSources = kinds.indexOf('sources');
    const firstDelta = kinds.indexOf('delta');
    expect(kinds.slice(0, firstSources).every((k) => k === 'thinking')).toBe(true);
    expect(firstSources).toBeGreaterThan(0);
    expect(firstDelta).toBeGreaterThan(firstSources);
    expect(stream.events.filter((e) => e.event === 'thinking').map((e) => e.data.step)).toEqual([
      'Searching the knowledge base',
      'Found 1 relevant source',
      'Writing the answer',
    ]);
    const sources = stream.events[firstSources]!.data.sources;
    expect(sources).toEqual([expect.objectContaining({ title: 'Expense policy', rank: 1, relevance: expect.any(Number) })]);
    expect(sources[0].excerpt).toContain('40 euros');
    expect(stored.sources).toEqual(sources);
    expect(stored.thinking).toHaveLength(3);
    // the model was told to answer from the passage
    const system = (requestsFor(server.provider, 'kb?tokens=10&rate=200').at(-1)!.body as { messages: Array<{ role: string; content: string }> }).messages[0]!;
    expect(system.role).toBe('system');
    expect(system.content).toContain('40 euros');
  });

  it('sends thinking and sources again to a subscriber that resumes', async () => {
    const { stream, id } = await ask('openai:kb-resume?tokens=10&rate=0', 'Who waters the office plants?');
    const lastEventId = stream.events.find((e) => e.event === 'delta')!.id!;
    const resumed = await openEventStream(`${server.url}/api/messages/${id}/events`, alice.token!, { lastEventId });
    await resumed.closed;
    expect(resumed.events.filter((e) => e.event === 'thinking')).toHaveLength(3);
    expect(resumed.events.find((e) => e.event === 'sources')!.data.sources[0].title).toBe('Office plants');
  });

  it('always sends sources, [] when nothing matched, and says so honestly', async () => {
    const { stream, stored } = await ask('offline', 'How do I set up the VPN on Linux?');
    expect(stream.events.find((e) => e.event === 'sources')!.data).toEqual({ sources: [] });
    expect(stream.events.filter((e) => e.event === 'thinking').map((e) => e.data.step)).toContain('Found no relevant sources');
    expect(stored.status).toBe('completed');
    expect(textOf(stream.events)).toMatch(/found nothing/);
  });

  it('answers extractively with the offline model: the best passages quoted and cited', async () => {
    const { stream, stored } = await ask('offline', 'What is the daily limit for meals on business trips?');
    const text = textOf(stream.events);
    expect(text).toContain('40 euros');
    expect(text).toContain('[1]');
    expect(text).toContain('Expense policy');
    expect(stored.content).toBe(text);
    expect(stream.events.filter((e) => e.event === 'delta').length).toBeGreaterThan(10);
  });

  it('never uses another user’s documents', async () => {
    const bob = await new ApiClient(server.url).signUp();
    const chat = await bob.newChat({ model: 'offline', knowledgeBase: true });
    const { assistantMessage } = await bob.send(chat.id, 'How much are meals reimbursed on business trips?');
    const stored = await bob.settled(assistantMessage.id);
    expect(stored.sources).toEqual([]);
    expect(stored.content).not.toContain('40 euros');
  });

  it('does not search when the chat does not use the knowledge base', async () => {
    const { stream, stored } = await ask('openai:no-kb?tokens=5&rate=0', 'How much are meals reimbursed?', false);
    expect(stream.events.some((e) => e.event === 'thinking' || e.event === 'sources')).toBe(false);
    expect(stored.sources).toEqual([]);
  });
});
