import { aiSdkProtocol } from './ai-sdk.ts';
import type { BenchProtocol, ProtocolName } from './bench-protocol.ts';
import { durableStreamsProtocol } from './durable-streams.ts';
import { jsonProtocol } from './json.ts';
import { openAiChatProtocol } from './openai-chat.ts';
import { openAiResponsesProtocol } from './openai-responses.ts';

export const protocols: Record<ProtocolName, BenchProtocol> = {
  json: jsonProtocol,
  'ai-sdk': aiSdkProtocol,
  'openai-chat': openAiChatProtocol,
  'openai-responses': openAiResponsesProtocol,
  'durable-streams': durableStreamsProtocol,
};
