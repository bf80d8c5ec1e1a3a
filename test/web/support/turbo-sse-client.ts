import { createParser } from 'eventsource-parser';

export interface TurboEvent {
  /** The SSE event name; Turbo only hears unnamed (`message`) events. */
  event: string | undefined;
  id: string | undefined;
  data: string;
}

export interface TurboStreamConnection {
  status: number;
  events: TurboEvent[];
  retry: number | undefined;
  until(predicate: (events: TurboEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  closed: Promise<void>;
  cut(): void;
}

/** Opens a chat's browser stream over SSE as EventSource would, with the session cookie. */
export async function openTurboStream(url: string, cookie: string, lastEventId?: string): Promise<TurboStreamConnection> {
  const abort = new AbortController();
  const headers: Record<string, string> = { cookie, accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const response = await fetch(url, { headers, signal: abort.signal });
  const waiters = new Set<() => void>();
  const connection: TurboStreamConnection = {
    status: response.status,
    events: [],
    retry: undefined,
    closed: Promise.resolve(),
    until(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(connection.events)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; ${connection.events.length} events so far`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    cut: () => abort.abort(),
  };
  const parser = createParser({
    onEvent: (message) => {
      connection.events.push({ event: message.event, id: message.id, data: message.data });
      for (const check of [...waiters]) check();
    },
    onRetry: (retry) => (connection.retry = retry),
  });
  connection.closed = (async () => {
    if (!response.body || response.status !== 200) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // cut
    }
  })();
  return connection;
}

/** The ids of the elements each frame appends to a message's content, in order. */
export const appendedIds = (events: TurboEvent[]): string[] =>
  events.flatMap((e) => [...e.data.matchAll(/<div id="(message_[^"]+_block_\d+)"/g)].map((m) => m[1]!));

export const isFinal = (event: TurboEvent, messageId: string): boolean => event.data.includes(`action="replace" target="message_${messageId}"`);
