import { AbstractChat, DefaultChatTransport, type ChatInit, type ChatState, type ChatStatus, type UIMessage } from 'ai';

/** The smallest ChatState: what `@ai-sdk/react`'s Chat keeps in React state, kept in plain fields. */
class PlainChatState implements ChatState<UIMessage> {
  status: ChatStatus = 'ready';
  error: Error | undefined;
  constructor(public messages: UIMessage[] = []) {}
  pushMessage = (message: UIMessage) => void (this.messages = [...this.messages, message]);
  popMessage = () => void (this.messages = this.messages.slice(0, -1));
  replaceMessage = (index: number, message: UIMessage) => void (this.messages = this.messages.map((m, i) => (i === index ? message : m)));
  snapshot = <T>(thing: T): T => structuredClone(thing);
}

/**
 * What an app's fetch can see of an event stream: the last SSE id it delivered (for an exact resume with
 * Last-Event-ID), and, for tests, a network drop after a given number of events.
 */
export class StreamWatch {
  lastEventId: string | undefined;
  events: string[] = [];
  private cutAfter: number | undefined;

  /** The next event-stream response breaks, as a dropped connection does, after `events` events. */
  cutNextAfter(events: number): void {
    this.cutAfter = events;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) return response;
    const cutAfter = this.cutAfter;
    this.cutAfter = undefined;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    let seen = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        for (;;) {
          const end = buffered.indexOf('\n\n');
          if (end !== -1) {
            const event = buffered.slice(0, end + 2);
            buffered = buffered.slice(end + 2);
            this.events.push(event);
            const id = /^id: (.*)$/m.exec(event)?.[1];
            if (id !== undefined) this.lastEventId = id;
            controller.enqueue(new TextEncoder().encode(event));
            if (cutAfter !== undefined && ++seen >= cutAfter) {
              await reader.cancel();
              // The drop comes once the client has taken in what arrived before it: an error discards what a
              // stream still holds, and the client would then lack an event whose id it is said to have.
              await new Promise((resolve) => setImmediate(resolve));
              controller.error(new TypeError('network error: the connection was lost'));
            }
            return;
          }
          const { done, value } = await reader.read();
          if (done) return controller.close();
          buffered += value;
        }
      },
      cancel: () => reader.cancel(),
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

/**
 * A `useChat` conversation without React: the `ai` package's own Chat logic and DefaultChatTransport,
 * pointed at Hotline. `exact`: resumes with Last-Event-ID (and the transport told that a resume goes on
 * rather than replays); otherwise the stock transport, whose resume replays the reply from its start.
 */
export function aiSdkChat(
  url: string,
  token: string,
  options: { id: string; messages?: UIMessage[]; exact?: boolean; watch?: StreamWatch; sendAutomaticallyWhen?: ChatInit<UIMessage>['sendAutomaticallyWhen'] },
) {
  const watch = options.watch ?? new StreamWatch();
  const transport = new DefaultChatTransport({
    api: `${url}/api/ai-sdk/chat`,
    headers: { authorization: `Bearer ${token}` },
    fetch: watch.fetch as typeof fetch,
    ...(options.exact
      ? {
          resumeStreamIsReplay: false,
          prepareReconnectToStreamRequest: ({ id, headers }) => ({
            api: `${url}/api/ai-sdk/chat/${encodeURIComponent(id)}/stream`,
            headers: { ...(headers as Record<string, string>), ...(watch.lastEventId ? { 'last-event-id': watch.lastEventId } : {}) },
          }),
        }
      : {}),
  });
  const errors: Error[] = [];
  const chat = new (class extends AbstractChat<UIMessage> {})({
    id: options.id,
    transport,
    state: new PlainChatState(options.messages ?? []),
    onError: (error) => errors.push(error),
    ...(options.sendAutomaticallyWhen ? { sendAutomaticallyWhen: options.sendAutomaticallyWhen } : {}),
  });
  return { chat, watch, errors };
}

/** A value as JSON would carry it: undefined fields gone, so a streamed message compares with a stored one. */
export const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
