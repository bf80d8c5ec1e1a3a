import WebSocket from 'ws';
import { openTurboStream } from '../web/support/turbo-sse-client.ts';
import { WebClient } from '../web/support/web-client.ts';
import { ApiClient } from './api-client.ts';
import { openEventStream } from './sse-client.ts';

/** An attempt to open a stream: 200 when it is open (until closed), else the refusal (HTTP status or close code). */
export interface OpenedStream {
  status: number;
  close(): void;
  /** Resolves when the stream has ended, from either side. */
  ended: Promise<void>;
}

/** One user, signed in on the web (cookie) and to the API (token), with a chat and a long reply streaming in it. */
export interface StreamingUser {
  web: WebClient;
  api: ApiClient;
  chatId: string;
  replyId: string;
}

export async function streamingUser(url: string): Promise<StreamingUser> {
  const web = new WebClient(url);
  const account = await web.signUp();
  const api = new ApiClient(url, (await new ApiClient(url).post('/api/session', account)).body.token);
  const chat = await api.newChat({ model: 'openai:fake?tokens=100000&rate=5' });
  const { assistantMessage } = await api.send(chat.id, 'Go on for a long time');
  return { web, api, chatId: chat.id, replyId: assistantMessage.id };
}

/** Every kind of stream a user can open, each against the server at `url` (any web process). */
export const streamKinds = {
  async events(url: string, user: StreamingUser): Promise<OpenedStream> {
    const stream = await openEventStream(`${url}/api/messages/${user.replyId}/events`, user.api.token!);
    return { status: stream.status, close: stream.cut, ended: stream.closed };
  },
  async chatSse(url: string, user: StreamingUser): Promise<OpenedStream> {
    const stream = await openTurboStream(`${url}/chats/${user.chatId}/stream?position=start`, user.web.cookieHeader);
    return { status: stream.status, close: stream.cut, ended: stream.closed };
  },
  async webSocket(url: string, user: StreamingUser): Promise<OpenedStream> {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/chats/${user.chatId}/socket?position=start`, {
      headers: { cookie: user.web.cookieHeader, origin: url },
    });
    const ended = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    // The server closes at once when it refuses; an open socket gets its first frame.
    const first = await Promise.race([new Promise<number>((resolve) => socket.once('message', () => resolve(200))), ended]);
    return { status: first, close: () => socket.close(), ended: ended.then(() => undefined) };
  },
};

export type StreamKind = keyof typeof streamKinds;
