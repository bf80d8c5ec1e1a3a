import { createParser } from 'eventsource-parser';

export interface ReceivedEvent {
  event: string;
  id: string | undefined;
  data: any;
  receivedAt: number;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  events: ReceivedEvent[];
  comments: string[];
  bytes: number;
  /** Resolves when the server closes the stream (or the connection is cut). */
  closed: Promise<void>;
  /** Waits until `predicate` holds for the events received so far. */
  until(predicate: (events: ReceivedEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  cut(): void;
}

/** A real SSE client over fetch, as an API client would use the event stream. */
export async function openEventStream(
  url: string,
  token: string,
  options: { lastEventId?: string; query?: string; onEvent?: (e: ReceivedEvent, connection: SseConnection) => void } = {},
): Promise<SseConnection> {
  const abort = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  const response = await fetch(url + (options.query ?? ''), { headers, signal: abort.signal });
  const waiters = new Set<() => void>();
  const connection: SseConnection = {
    status: response.status,
    headers: response.headers,
    events: [],
    comments: [],
    bytes: 0,
    closed: Promise.resolve(),
    until(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(connection.events)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting; got ${connection.events.length} events, the last: ${JSON.stringify(connection.events.at(-1))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    cut: () => abort.abort(),
  };
  const parser = createParser({
    onEvent: (message) => {
      const received = { event: message.event ?? 'message', id: message.id, data: JSON.parse(message.data), receivedAt: Date.now() };
      connection.events.push(received);
      options.onEvent?.(received, connection);
      for (const check of [...waiters]) check();
    },
    onComment: (comment) => connection.comments.push(comment),
  });
  const body = response.body;
  // Once cut, the client is done with the stream, whatever its body iterator does next.
  const cut = new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
  const read = (async () => {
    if (!body || response.status !== 200) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        connection.bytes += chunk.byteLength;
        parser.feed(decoder.decode(chunk, { stream: true }));
      }
    } catch {
      // cut by us or by the server: the events so far are what the client saw
    }
  })();
  connection.closed = Promise.race([read, cut]).then(() => {
    for (const check of [...waiters]) check();
  });
  return connection;
}

/** The text a client assembles from the deltas it received. */
export const textOf = (events: ReceivedEvent[]): string =>
  events
    .filter((e) => e.event === 'delta')
    .map((e) => e.data.text as string)
    .join('');

export const lastId = (events: ReceivedEvent[]): string | undefined => events.filter((e) => e.id).at(-1)?.id;

/** The parts a client assembles from the events it received, as the API's message `parts` show them. */
export function partsOf(events: ReceivedEvent[]): Array<{ type: string; text: string }> {
  const parts: Array<{ type: string; text: string }> = [];
  for (const e of events) {
    const type = e.event === 'delta' ? 'text' : e.event === 'reasoning' ? 'reasoning' : undefined;
    if (type === undefined) continue;
    const last = parts.at(-1);
    if (last?.type === type) last.text += e.data.text as string;
    else parts.push({ type, text: e.data.text as string });
  }
  return parts;
}
