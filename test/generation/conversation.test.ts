import { describe, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import { signedInHotline } from '../support/signed-in-hotline.ts';
import { requestsFor, sentSystem, sentTurns } from '../support/sent-conversation.ts';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const hotline = signedInHotline({ HOTLINE_RATE_LIMITS: 'off' });

const system = 'You are a terse assistant. Answer in one line.';

/** Sends each question in turn to one chat, waiting for every reply to end. */
async function converse(model: string, questions: string[], fields: Record<string, unknown> = {}): Promise<any[]> {
  const chat = await hotline.client.newChat({ model, ...fields });
  const replies = [];
  for (const question of questions) {
    const turn = await hotline.client.send(chat.id, question);
    replies.push(await hotline.client.settled(turn.assistantMessage.id));
  }
  return replies;
}

describe('the conversation a model is given', () => {
  it('an OpenAI model gets the chat’s system prompt first, then every earlier turn, then the new question', async () => {
    const scenario = 'conversation-openai?tokens=4&rate=0';
    await converse(`openai:${scenario}`, ['What is Hotline?', 'And how does it stream?'], { system });
    const [first, second] = requestsFor(hotline.server.provider, scenario);
    expect(sentTurns(first!)).toEqual([
      { role: 'system', content: system },
      { role: 'user', content: 'What is Hotline?' },
    ]);
    expect(sentTurns(second!)).toEqual([
      { role: 'system', content: system },
      { role: 'user', content: 'What is Hotline?' },
      { role: 'assistant', content: expectedText(4) },
      { role: 'user', content: 'And how does it stream?' },
    ]);
  });

  it('an Anthropic model gets the system prompt in its `system` field and the turns in `messages`', async () => {
    const scenario = 'conversation-anthropic?tokens=4&rate=0';
    await converse(`anthropic:${scenario}`, ['What is Hotline?', 'And how does it stream?'], { system });
    const [first, second] = requestsFor(hotline.server.provider, scenario);
    expect(sentSystem(first!)).toBe(system);
    expect(sentTurns(first!)).toEqual([{ role: 'user', content: 'What is Hotline?' }]);
    expect(sentSystem(second!)).toBe(system);
    expect(sentTurns(second!)).toEqual([
      { role: 'user', content: 'What is Hotline?' },
      { role: 'assistant', content: expectedText(4) },
      { role: 'user', content: 'And how does it stream?' },
    ]);
  });

  it('a chat without a system prompt sends none', async () => {
    const scenario = 'conversation-no-system?tokens=2&rate=0';
    await converse(`openai:${scenario}`, ['Hi']);
    expect(sentTurns(requestsFor(hotline.server.provider, scenario)[0]!)).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('a failed reply is not sent back to the model, not even the text it had streamed', async () => {
    // The first request breaks off after 2 tokens; the next one streams normally.
    const scenario = 'conversation-after-failure?fault=malformed&faultAfter=2&failTimes=1&tokens=4&rate=0';
    const [failed, answered] = await converse(`openai:${scenario}`, ['First try', 'Second try'], { system });
    expect(failed).toMatchObject({ status: 'failed', content: expectedText(2) });
    expect(answered).toMatchObject({ status: 'completed', content: expectedText(4) });
    const requests = requestsFor(hotline.server.provider, scenario);
    expect(requests).toHaveLength(2);
    expect(sentTurns(requests[1]!)).toEqual([
      { role: 'system', content: system },
      { role: 'user', content: 'First try' },
      { role: 'user', content: 'Second try' },
    ]);
  });
});
