import type { ApiClient } from './api-client.ts';
import { openEventStream, type ReceivedEvent, type SseConnection } from './sse-client.ts';

/** Subscribes to one message's JSON event stream as its owner. */
export const subscribe = (url: string, client: ApiClient, messageId: string): Promise<SseConnection> =>
  openEventStream(`${url}/api/messages/${messageId}/events`, client.token!);

export const isTerminal = (event: ReceivedEvent): boolean => event.event === 'done' || event.event === 'error';

/** Waits until the server has sent the ending and closed the stream. */
export async function untilClosed(connection: SseConnection, timeoutMs = 10_000): Promise<SseConnection> {
  await connection.until((events) => events.some(isTerminal), timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    connection.closed,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('the server did not close the event stream after its ending')), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  return connection;
}

/** Follows a message's event stream from the start to its end, and returns everything the client saw. */
export async function followToEnd(url: string, client: ApiClient, messageId: string, timeoutMs?: number): Promise<SseConnection> {
  return untilClosed(await subscribe(url, client, messageId), timeoutMs);
}
