/**
 * The Action Cable protocol (`actioncable-v1-json`) as the stock `@rails/actioncable` consumer speaks it:
 * the server's side of each message, and the client's commands. Identifiers are the client's JSON text,
 * sent back byte for byte: the consumer finds its subscription by comparing them as strings.
 */
export const cableProtocol = 'actioncable-v1-json';

export const welcome = JSON.stringify({ type: 'welcome' });

/** Every 3 s: the consumer takes a connection with no ping for 6 s as dead and reconnects. */
export const pingIntervalMs = 3_000;
export const ping = (nowMs: number) => JSON.stringify({ type: 'ping', message: Math.floor(nowMs / 1000) });

export const confirmSubscription = (identifier: string) => JSON.stringify({ identifier, type: 'confirm_subscription' });
export const rejectSubscription = (identifier: string) => JSON.stringify({ identifier, type: 'reject_subscription' });
export const streamMessage = (identifier: string, message: string) => JSON.stringify({ identifier, message });

export interface Command {
  command: 'subscribe' | 'unsubscribe' | 'message';
  identifier: string;
}

/** A client's command, or undefined for anything else (which is ignored, as Rails does). */
export function parseCommand(text: string): Command | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { command, identifier } = value as Record<string, unknown>;
  if (command !== 'subscribe' && command !== 'unsubscribe' && command !== 'message') return undefined;
  if (typeof identifier !== 'string') return undefined;
  return { command, identifier };
}

export const turboChannel = 'Turbo::StreamsChannel';

/** The signed stream name of a `Turbo::StreamsChannel` identifier; undefined for any other channel. */
export function signedNameOf(identifier: string): string | undefined {
  let params: unknown;
  try {
    params = JSON.parse(identifier);
  } catch {
    return undefined;
  }
  if (typeof params !== 'object' || params === null) return undefined;
  const { channel, signed_stream_name: name } = params as Record<string, unknown>;
  return channel === turboChannel && typeof name === 'string' && name !== '' ? name : undefined;
}
